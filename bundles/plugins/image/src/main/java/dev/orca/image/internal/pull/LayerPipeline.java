package dev.orca.image.internal.pull;

import dev.orca.image.internal.manifest.Descriptor;
import dev.orca.image.internal.manifest.MediaTypes;
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

/**
 * Brings an image's layers into the storage driver: missing layers are downloaded in parallel and each applied as
 * soon as it and its parent are there — or, where the driver can, unpacked as soon as it is downloaded, side by side
 * with the others, and stored in order. A layer is fetched once however many pulls want it at the same time; a
 * layer already stored is not fetched at all.
 */
final class LayerPipeline {

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
        Path blob = scratch.resolve(layer.digest().replace(':', '-') + "-" + System.nanoTime());
        CompletableFuture<Void> downloaded = CompletableFuture.runAsync(() -> download(session, layer, blob), downloads);
        CompletableFuture<Void> stored = driver.stagesLayersAheadOfParents()
                ? stagedThenStored(driver, layer, blob, chainId, parentChainId, diffId, downloaded, parent)
                : downloaded.thenCombineAsync(parent, (a, b) -> null, appliers)
                        .thenRun(() -> apply(driver, layer, blob, chainId, parentChainId, diffId));
        CompletableFuture<Void> done = stored.whenComplete((ok, error) -> {
            try {
                Files.deleteIfExists(blob);
            } catch (IOException ignored) {
                // scratch is emptied at start anyway
            }
        });
        done.whenComplete((ok, error) -> inFlight.remove(chainId));
        return done;
    }

    /**
     * A driver whose layers need no parent to be unpacked gets each layer unpacked as soon as it is downloaded, side
     * by side with the others, and stored once its parent is; what was unpacked and not stored (the parent failed,
     * the store failed) is thrown away before this completes.
     */
    private CompletableFuture<Void> stagedThenStored(StorageDriver driver, Descriptor layer, Path blob,
            String chainId, String parentChainId, String diffId, CompletableFuture<Void> downloaded,
            CompletableFuture<Void> parent) {
        CompletableFuture<StagedLayer> staged = downloaded.thenApplyAsync(
                ignored -> stage(driver, layer, blob, chainId, diffId), appliers);
        CompletableFuture<Void> stored = staged.thenCombineAsync(parent, (unpacked, ignored) -> unpacked, appliers)
                .thenAccept(unpacked -> putStaged(driver, layer, unpacked, parentChainId));
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

    private static StagedLayer stage(StorageDriver driver, Descriptor layer, Path blob, String chainId,
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
            throw new CompletionException(new ImageException(Kind.CORRUPT, "layer " + layer.digest() + ": "
                    + e.getMessage()));
        }
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
