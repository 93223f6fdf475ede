package dev.orca.image.internal.pull;

import dev.orca.image.internal.manifest.Descriptor;
import dev.orca.image.internal.manifest.MediaTypes;
import dev.orca.image.internal.manifest.MediaTypes.Compression;
import dev.orca.image.internal.registry.BlobStream;
import dev.orca.image.internal.registry.RegistryClient;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.LayerContentException;
import dev.orca.spi.StagedLayer;
import dev.orca.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an image's layers into the storage driver: missing layers are downloaded in parallel and each applied as
 * soon as it and its parent are there — or, where the driver can, unpacked while it downloads, side by side with the
 * others, and stored in order. A layer is fetched once however many pulls want it at the same time; a
 * layer already stored is not fetched at all.
 */
final class LayerPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LayerPipeline.class);

    /** Bytes of a layer that may wait for its unpacking before the download waits for it. */
    private static final long STREAM_BOUND = 1024 * 1024;

    private final RegistryClient registry;
    private final ExecutorService downloads;
    private final ExecutorService appliers;
    private final Path scratch;
    private final PullMetrics metrics;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    LayerPipeline(RegistryClient registry, ExecutorService downloads, ExecutorService appliers, Path scratch,
            PullMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
        this.downloads = downloads;
        this.appliers = appliers;
        this.scratch = scratch;
    }

    /** Chain IDs some pull is bringing in right now: not to be collected as unused. */
    java.util.Set<String> inFlight() {
        return inFlight.keySet();
    }

    /**
     * One layer a pull brings in: its descriptor, how its blob is compressed, its chain ID and its parent's (null for
     * a base layer), and its diff ID.
     */
    private record Wanted(Descriptor layer, Compression compression, String chainId, String parentChainId,
            String diffId) {
    }

    /**
     * Ensures every layer is stored; returns when the top one is, or fails with the first layer's failure. A missing
     * layer of a media type no decompression reads fails the pull before anything is downloaded.
     */
    void ensure(RegistryClient.Session session, StorageDriver driver, List<Descriptor> layers, List<String> diffIds,
            List<String> chainIds) throws ImageException {
        List<Wanted> missing = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chainIds.get(i);
            if (driver.hasLayer(chainId)) {
                metrics.reused();
                missing.add(null);
            } else {
                missing.add(new Wanted(layers.get(i), compressionOf(layers.get(i)), chainId,
                        i == 0 ? null : chainIds.get(i - 1), diffIds.get(i)));
            }
        }
        CompletableFuture<Void> parent = CompletableFuture.completedFuture(null);
        for (Wanted wanted : missing) {
            CompletableFuture<Void> after = parent;
            parent = wanted == null ? CompletableFuture.completedFuture(null)
                    : inFlight.computeIfAbsent(wanted.chainId(), id -> start(session, driver, wanted, after));
        }
        try {
            parent.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private static Compression compressionOf(Descriptor layer) throws ImageException {
        try {
            return MediaTypes.compressionOf(layer.mediaType());
        } catch (IllegalArgumentException e) {
            throw new ImageException(Kind.CORRUPT, "layer " + layer.digest() + ": " + e.getMessage());
        }
    }

    private CompletableFuture<Void> start(RegistryClient.Session session, StorageDriver driver, Wanted wanted,
            CompletableFuture<Void> parent) {
        CompletableFuture<Void> done = driver.stagesLayersAheadOfParents()
                ? streamedThenStored(session, driver, wanted, parent)
                : downloadedThenApplied(session, driver, wanted, parent);
        done.whenComplete((ok, error) -> inFlight.remove(wanted.chainId()));
        return done;
    }

    /** A driver that unpacks a layer on its parent: the blob goes to a file, applied once the parent is stored. */
    private CompletableFuture<Void> downloadedThenApplied(RegistryClient.Session session, StorageDriver driver,
            Wanted wanted, CompletableFuture<Void> parent) {
        Path blob = scratch.resolve(wanted.layer().digest().replace(':', '-') + "-" + System.nanoTime());
        return CompletableFuture.runAsync(() -> download(session, wanted.layer(), blob), downloads)
                .thenCombineAsync(parent, (a, b) -> null, appliers)
                .thenRun(() -> apply(driver, wanted, blob))
                .whenComplete((ok, error) -> {
                    try {
                        Files.deleteIfExists(blob);
                    } catch (IOException ignored) {
                        // scratch is emptied at start anyway
                    }
                });
    }

    /**
     * A driver whose layers need no parent to be unpacked gets each layer unpacked as it downloads, side by side with
     * the others, and stored once both its download is checked and its parent is stored. A failed download is what
     * the pull reports, even where the unpacking failed too (on the same bad bytes); what was unpacked and not stored
     * is thrown away before this completes.
     */
    private CompletableFuture<Void> streamedThenStored(RegistryClient.Session session, StorageDriver driver,
            Wanted wanted, CompletableFuture<Void> parent) {
        Descriptor layer = wanted.layer();
        BlobStream stream = new BlobStream(STREAM_BOUND);
        AtomicLong began = new AtomicLong();
        CompletableFuture<StagedLayer> staged = new CompletableFuture<>();
        CompletableFuture<Void> downloaded = CompletableFuture.runAsync(() -> {
            began.set(System.nanoTime());
            unpackAsItArrives(driver, wanted, stream, began, staged);
            fetch(session, layer, stream);
            LOG.debug("layer {}: {} bytes downloaded in {} ms", layer.digest(), layer.size(), millisSince(began));
        }, downloads);
        CompletableFuture<Void> stored = failingFirstWith(downloaded, staged)
                .thenCombineAsync(parent, (unpacked, ignored) -> unpacked, appliers)
                .thenAccept(unpacked -> {
                    putStaged(driver, layer, unpacked, wanted.parentChainId());
                    LOG.debug("layer {}: stored {} ms after its download began", layer.digest(), millisSince(began));
                });
        return closingStaged(stored, staged);
    }

    /** Unpacks what {@code stream} brings into staging, on an applier; {@code staged} completes with the outcome. */
    private void unpackAsItArrives(StorageDriver driver, Wanted wanted, BlobStream stream, AtomicLong began,
            CompletableFuture<StagedLayer> staged) {
        try {
            CompletableFuture.supplyAsync(() -> {
                StagedLayer unpacked = stage(driver, wanted, stream.input());
                LOG.debug("layer {}: unpacked {} ms after its download began", wanted.layer().digest(),
                        millisSince(began));
                return unpacked;
            }, appliers).whenComplete((unpacked, error) -> {
                if (error == null) {
                    staged.complete(unpacked);
                } else {
                    staged.completeExceptionally(error);
                }
            });
        } catch (RejectedExecutionException e) {
            staged.completeExceptionally(e);
        }
    }

    /** {@code value} once {@code first} is done too; failed with {@code first}'s failure where it failed. */
    private static <T> CompletableFuture<T> failingFirstWith(CompletableFuture<?> first, CompletableFuture<T> value) {
        return first.handle((ok, error) -> error)
                .thenCombine(value.handle((ok, error) -> error), (error, valueError) -> error != null ? error
                        : valueError)
                .thenCompose(error -> error == null ? value : CompletableFuture.<T>failedFuture(error));
    }

    /** {@code stored}'s outcome, once the staged layer is closed: thrown away unless it was stored. */
    private static CompletableFuture<Void> closingStaged(CompletableFuture<Void> stored,
            CompletableFuture<StagedLayer> staged) {
        return stored.handle((ok, error) -> error)
                .thenCombine(staged.handle((unpacked, error) -> unpacked), (error, unpacked) -> {
                    if (unpacked != null) {
                        unpacked.close();
                    }
                    return error;
                })
                .thenCompose(error -> error == null ? CompletableFuture.<Void>completedFuture(null)
                        : CompletableFuture.<Void>failedFuture(error));
    }

    private static long millisSince(AtomicLong began) {
        return (System.nanoTime() - began.get()) / 1_000_000;
    }

    private static StagedLayer stage(StorageDriver driver, Wanted wanted, InputStream blob) {
        try (InputStream tar = Decompression.open(blob, wanted.compression())) {
            return driver.stageLayer(wanted.chainId(), wanted.diffId(), tar);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(wanted.layer(), e);
        }
    }

    private static void putStaged(StorageDriver driver, Descriptor layer, StagedLayer staged, String parentChainId) {
        try {
            driver.putStagedLayer(staged, parentChainId);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(layer, e);
        }
    }

    private void download(RegistryClient.Session session, Descriptor layer, Path blob) {
        try {
            registry.blob(session, layer.digest(), layer.size(), blob);
            metrics.downloaded(Files.size(blob));
        } catch (IOException e) {
            throw new CompletionException(new ImageException(Kind.FAILED, "layer " + layer.digest()
                    + ": downloaded but unreadable: " + e.getMessage(), e));
        } catch (ImageException e) {
            throw new CompletionException(e);
        }
    }

    /** Downloads a layer into the stream its unpacking reads; the stream ends or fails with the download. */
    private void fetch(RegistryClient.Session session, Descriptor layer, BlobStream stream) {
        try {
            registry.blob(session, layer.digest(), layer.size(), stream);
            metrics.downloaded(layer.size());
        } catch (ImageException e) {
            throw new CompletionException(e);
        }
    }

    private static void apply(StorageDriver driver, Wanted wanted, Path blob) {
        try (InputStream tar = Decompression.open(blob, wanted.compression())) {
            driver.putLayer(wanted.chainId(), wanted.parentChainId(), wanted.diffId(), tar);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(wanted.layer(), e);
        }
    }

    /** What failed while a layer was decompressed, unpacked or stored, as the pull reports it. */
    private static CompletionException storeFailure(Descriptor layer, Exception e) {
        if (e instanceof LayerContentException refused) {
            return new CompletionException(new ImageException(Kind.CORRUPT, "layer " + layer.digest() + ": "
                    + refused.getMessage(), refused));
        }
        if (e instanceof IOException io) {
            boolean badData = io instanceof java.util.zip.ZipException || io instanceof java.io.EOFException;
            return new CompletionException(new ImageException(badData ? Kind.CORRUPT : Kind.FAILED,
                    "layer " + layer.digest() + ": " + (badData ? "cannot decompress: " : "cannot store: ")
                            + io.getMessage(), io));
        }
        if (e instanceof UncheckedIOException unchecked) {
            return new CompletionException(new ImageException(Kind.FAILED, "layer " + layer.digest() + ": "
                    + unchecked.getMessage(), unchecked));
        }
        return new CompletionException(new ImageException(Kind.CORRUPT, "layer " + layer.digest()
                + ": cannot decompress: " + e.getMessage(), e));
    }

    private static ImageException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ImageException image) {
            return image;
        }
        return new ImageException(Kind.FAILED, String.valueOf(cause), cause);
    }
}
