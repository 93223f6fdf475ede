package dev.orca.image.internal;

import dev.orca.image.internal.gc.FileStoreGauge;
import dev.orca.image.internal.gc.FileSystemSpace;
import dev.orca.image.internal.pull.PullMetrics;
import dev.orca.spi.ImageException;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.metrics.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The image store's metrics: pulls by outcome and reason, bytes downloaded, layers reused, pull durations, and (read
 * at scrape time) the store's size and its file system's. The store's size comes from the usage cache, so a scrape
 * never walks the layers more than every few seconds.
 */
final class ImageMetrics implements MetricSource, PullMetrics {

    /** The failure reasons, one per sort of failure; a pull that succeeded has an empty reason. */
    enum Reason { NOT_FOUND, UNAUTHORIZED, REFUSED, UNAVAILABLE, INVALID, NO_SPACE, INTERNAL;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final CounterFamily pulls = new CounterFamily("orca_image_pulls_total",
            "Image pulls (CRI PullImage) by outcome (success, failure) and failure reason", "outcome", "reason");
    private final CounterFamily bytes = new CounterFamily("orca_image_pull_bytes_total",
            "Layer bytes downloaded from registries, as sent (compressed)");
    private final CounterFamily reused = new CounterFamily("orca_image_pull_layers_reused_total",
            "Layers a pull found already stored and did not download");
    private final HistogramFamily duration = new HistogramFamily("orca_image_pull_duration_seconds",
            "Time an image pull took, successful or not", HistogramFamily.DURATION_SECONDS);
    private final List<MetricFamily> families;

    ImageMetrics(Path root, UsageCache usage) {
        FileStoreGauge space = new FileStoreGauge(root);
        pulls.touch("success", "");
        bytes.touch();
        reused.touch();
        families = List.of(pulls, bytes, reused, duration,
                storeGauge("orca_image_store_bytes", "Bytes the image store uses (catalog and layers)", usage,
                        StorageUsage::usedBytes),
                storeGauge("orca_image_store_inodes", "Inodes the image store uses (catalog and layers)", usage,
                        StorageUsage::inodesUsed),
                fileSystemGauge("orca_image_filesystem_size_bytes", "Size of the file system the image store is on",
                        space, FileSystemSpace::sizeBytes),
                fileSystemGauge("orca_image_filesystem_available_bytes",
                        "Bytes available to Orca on the file system the image store is on", space,
                        FileSystemSpace::availableBytes));
    }

    @Override
    public List<MetricFamily> families() {
        return families;
    }

    void succeeded(long nanos) {
        pulls.inc("success", "");
        duration.observe(nanos / 1e9);
    }

    void failed(ImageException e, long nanos) {
        pulls.inc("failure", reason(e).label());
        duration.observe(nanos / 1e9);
    }

    @Override
    public void downloaded(long layerBytes) {
        bytes.add(layerBytes);
    }

    @Override
    public void reused() {
        reused.inc();
    }

    static Reason reason(ImageException e) {
        if (OutOfSpace.isCauseOf(e)) {
            return Reason.NO_SPACE;
        }
        return switch (e.kind()) {
            case NO_SPACE -> Reason.NO_SPACE;
            case NOT_FOUND -> Reason.NOT_FOUND;
            case UNAUTHORIZED -> Reason.UNAUTHORIZED;
            case REFUSED -> Reason.REFUSED;
            case UNREACHABLE, TIMED_OUT, NOT_DEPLOYED -> Reason.UNAVAILABLE;
            case INVALID_REFERENCE, CORRUPT -> Reason.INVALID;
            case IN_USE, FAILED -> Reason.INTERNAL;
        };
    }

    private interface SpaceReader {
        long read(FileSystemSpace space);
    }

    private static GaugeFamily storeGauge(String name, String help, UsageCache usage,
            ToDoubleFunction<StorageUsage> value) {
        return new GaugeFamily(name, help, () -> {
            try {
                return List.of(Sample.of(value.applyAsDouble(usage.get())));
            } catch (ImageException e) {
                return List.of();
            }
        });
    }

    private static GaugeFamily fileSystemGauge(String name, String help, FileStoreGauge space, SpaceReader value) {
        return new GaugeFamily(name, help, () -> {
            try {
                return List.of(Sample.of(value.read(space.measure())));
            } catch (IOException e) {
                return List.of();
            }
        });
    }
}
