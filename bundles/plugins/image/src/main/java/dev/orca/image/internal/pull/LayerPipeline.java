package dev.orca.image.internal.pull;

import dev.orca.image.internal.manifest.Descriptor;
import dev.orca.image.internal.manifest.MediaTypes;
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

    /** Ensures every layer is stored; returns when the top one is, or fails with the first layer's failure. */
    void ensure(RegistryClient.Session session, StorageDriver driver, List<Descriptor> layers, List<String> diffIds,
            List<String> chainIds) throws ImageException {
        CompletableFuture<Void> parent = CompletableFuture.completedFuture(null);
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chainIds.get(i);
            String parentChainId = i == 0 ? null : chainIds.get(i - 1);
            if (driver.hasLayer(chainId)) {
                metrics.reused();
                parent = CompletableFuture.completedFuture(null);
                continue;
            }
            CompletableFuture<Void> after = parent;
            Descriptor layer = layers.get(i);
            String diffId = diffIds.get(i);
            parent = inFlight.computeIfAbsent(chainId, id -> start(session, driver, layer, id, parentChainId, diffId,
                    after));
        }
        try {
            parent.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private CompletableFuture<Void> start(RegistryClient.Session session, StorageDriver driver, Descriptor layer,
            String chainId, String parentChainId, String diffId, CompletableFuture<Void> parent) {
        CompletableFuture<Void> done = driver.stagesLayersAheadOfParents()
                ? streamedThenStored(session, driver, layer, chainId, parentChainId, diffId, parent)
                : downloadedThenApplied(session, driver, layer, chainId, parentChainId, diffId, parent);
        done.whenComplete((ok, error) -> inFlight.remove(chainId));
        return done;
    }

    /** A driver that unpacks a layer on its parent: the blob goes to a file, applied once the parent is stored. */
    private CompletableFuture<Void> downloadedThenApplied(RegistryClient.Session session, StorageDriver driver,
            Descriptor layer, String chainId, String parentChainId, String diffId, CompletableFuture<Void> parent) {
        Path blob = scratch.resolve(layer.digest().replace(':', '-') + "-" + System.nanoTime());
        return CompletableFuture.runAsync(() -> download(session, layer, blob), downloads)
                .thenCombineAsync(parent, (a, b) -> null, appliers)
                .thenRun(() -> apply(driver, layer, blob, chainId, parentChainId, diffId))
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
            Descriptor layer, String chainId, String parentChainId, String diffId, CompletableFuture<Void> parent) {
        BlobStream stream = new BlobStream(STREAM_BOUND);
        AtomicLong began = new AtomicLong();
        CompletableFuture<StagedLayer> staged = new CompletableFuture<>();
        CompletableFuture<Void> downloaded = CompletableFuture.runAsync(() -> {
            began.set(System.nanoTime());
            unpackAsItArrives(driver, layer, chainId, diffId, stream, began, staged);
            fetch(session, layer, stream);
            LOG.debug("layer {}: {} bytes downloaded in {} ms", layer.digest(), layer.size(), millisSince(began));
        }, downloads);
        CompletableFuture<Void> stored = failingFirstWith(downloaded, staged)
                .thenCombineAsync(parent, (unpacked, ignored) -> unpacked, appliers)
                .thenAccept(unpacked -> {
                    putStaged(driver, layer, unpacked, parentChainId);
                    LOG.debug("layer {}: stored {} ms after its download began", layer.digest(), millisSince(began));
                });
        return closingStaged(stored, staged);
    }

    /** Unpacks what {@code stream} brings into staging, on an applier; {@code staged} completes with the outcome. */
    private void unpackAsItArrives(StorageDriver driver, Descriptor layer, String chainId, String diffId,
            BlobStream stream, AtomicLong began, CompletableFuture<StagedLayer> staged) {
        try {
            CompletableFuture.supplyAsync(() -> {
                StagedLayer unpacked = stage(driver, layer, stream.input(), chainId, diffId);
                LOG.debug("layer {}: unpacked {} ms after its download began", layer.digest(), millisSince(began));
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

    private static StagedLayer stage(StorageDriver driver, Descriptor layer, InputStream blob, String chainId,
            String diffId) {
        try (InputStream tar = Decompression.open(blob, MediaTypes.compressionOf(layer.mediaType()))) {
            return driver.stageLayer(chainId, diffId, tar);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(layer, e);
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
            MediaTypes.compressionOf(layer.mediaType());
            registry.blob(session, layer.digest(), layer.size(), blob);
            metrics.downloaded(Files.size(blob));
        } catch (IOException e) {
            throw new CompletionException(new ImageException(Kind.FAILED, "layer " + layer.digest()
                    + ": downloaded but unreadable: " + e.getMessage(), e));
        } catch (ImageException e) {
            throw new CompletionException(e);
        } catch (IllegalArgumentException e) {
            throw new CompletionException(unknownCompression(layer, e));
        }
    }

    /** Downloads a layer into the stream its unpacking reads; the stream ends or fails with the download. */
    private void fetch(RegistryClient.Session session, Descriptor layer, BlobStream stream) {
        try {
            MediaTypes.compressionOf(layer.mediaType());
            registry.blob(session, layer.digest(), layer.size(), stream);
            metrics.downloaded(layer.size());
        } catch (ImageException e) {
            throw new CompletionException(e);
        } catch (IllegalArgumentException e) {
            // its unpacking refuses the media type too, before reading anything
            throw new CompletionException(unknownCompression(layer, e));
        }
    }

    private static ImageException unknownCompression(Descriptor layer, IllegalArgumentException e) {
        return new ImageException(Kind.CORRUPT, "layer " + layer.digest() + ": " + e.getMessage());
    }

    private static void apply(StorageDriver driver, Descriptor layer, Path blob, String chainId, String parentChainId,
            String diffId) {
        try (InputStream tar = Decompression.open(blob, MediaTypes.compressionOf(layer.mediaType()))) {
            driver.putLayer(chainId, parentChainId, diffId, tar);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(layer, e);
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
