package dev.orca.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetricsTest {

    @TempDir
    Path root;

    private ImageMetrics metrics() {
        return new ImageMetrics(root, new UsageCache(root, () -> {
            throw new ImageException(Kind.NOT_DEPLOYED, "storage driver 'overlay' is not deployed");
        }));
    }

    private static MetricFamily family(ImageMetrics metrics, String name) {
        return metrics.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void failuresAreCountedByReason() {
        ImageMetrics metrics = metrics();
        CounterFamily pulls = (CounterFamily) family(metrics, "orca_image_pulls_total");
        assertEquals(List.of(List.of("success", "")), pulls.samples().stream().map(s -> s.labelValues()).toList(),
                "success shows as 0 before the first pull");
        metrics.succeeded(2_000_000_000L);
        metrics.failed(new ImageException(Kind.NOT_FOUND, "image \"x\": not found"), 1_000_000);
        metrics.failed(new ImageException(Kind.UNREACHABLE, "registry down"), 1_000_000);
        metrics.failed(new ImageException(Kind.TIMED_OUT, "stalled"), 1_000_000);
        assertEquals(1, pulls.value("success", ""));
        assertEquals(1, pulls.value("failure", "not_found"));
        assertEquals(2, pulls.value("failure", "unavailable"));
        HistogramFamily.HistogramSample durations = ((HistogramFamily) family(metrics,
                "orca_image_pull_duration_seconds")).samples().get(0);
        assertEquals(4, durations.count());
        assertEquals(2.003, durations.sum(), 1e-9);
    }

    @Test
    void everyKindHasItsReason() {
        assertEquals(ImageMetrics.Reason.UNAUTHORIZED, ImageMetrics.reason(new ImageException(Kind.UNAUTHORIZED, "")));
        assertEquals(ImageMetrics.Reason.REFUSED, ImageMetrics.reason(new ImageException(Kind.REFUSED, "")));
        assertEquals(ImageMetrics.Reason.INVALID, ImageMetrics.reason(new ImageException(Kind.CORRUPT, "")));
        assertEquals(ImageMetrics.Reason.INVALID,
                ImageMetrics.reason(new ImageException(Kind.INVALID_REFERENCE, "")));
        assertEquals(ImageMetrics.Reason.UNAVAILABLE, ImageMetrics.reason(new ImageException(Kind.NOT_DEPLOYED, "")));
        assertEquals(ImageMetrics.Reason.INTERNAL, ImageMetrics.reason(new ImageException(Kind.FAILED, "")));
        assertEquals(ImageMetrics.Reason.NO_SPACE, ImageMetrics.reason(new ImageException(Kind.FAILED,
                "layer sha256:1: cannot store", new FileSystemException("/var/lib/orca/x", null,
                        "No space left on device"))));
        assertEquals("no_space", ImageMetrics.Reason.NO_SPACE.label());
    }

    @Test
    void layerBytesAndReuseAreCounted() {
        ImageMetrics metrics = metrics();
        metrics.downloaded(1000);
        metrics.downloaded(24);
        metrics.reused();
        assertEquals(1024, ((CounterFamily) family(metrics, "orca_image_pull_bytes_total")).value());
        assertEquals(1, ((CounterFamily) family(metrics, "orca_image_pull_layers_reused_total")).value());
    }

    @Test
    void theFileSystemIsReadAndAStoreThatCannotBeMeasuredIsLeftOut() throws IOException {
        ImageMetrics metrics = metrics();
        double size = ((GaugeFamily) family(metrics, "orca_image_filesystem_size_bytes")).samples().get(0).value();
        double available = ((GaugeFamily) family(metrics, "orca_image_filesystem_available_bytes")).samples().get(0)
                .value();
        assertEquals(Files.getFileStore(root).getTotalSpace(), size);
        assertTrue(available > 0 && available <= size, available + " of " + size);
        assertEquals(List.of(), ((GaugeFamily) family(metrics, "orca_image_store_bytes")).samples());
    }
}
