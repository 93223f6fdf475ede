package dev.orca.storage.vfs.internal;

import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.RootFilesystems;
import dev.orca.layers.store.StagingArea;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Container root filesystems as full copies: {@code containers/<id>/rootfs}, a copy of the top layer's tree, beside
 * the store's {@code layer} file. Nothing is mounted.
 */
final class VfsContainers extends RootFilesystems {

    static final String ROOTFS = "rootfs";

    private final TreeCopy copy;

    VfsContainers(Path dir, StagingArea staging, LayerStore layers, TreeCopy copy) {
        super(dir, staging, layers);
        this.copy = copy;
    }

    @Override
    protected void fill(Path staged, Path layer) throws IOException {
        if (layer == null) {
            Files.createDirectory(staged.resolve(ROOTFS));
            Files.setAttribute(staged.resolve(ROOTFS), "unix:mode", 0755);
        } else {
            copy.copy(layer.resolve(VfsLayers.ROOTFS), staged.resolve(ROOTFS));
        }
    }

    /** Nothing to mount: the copy is the root filesystem. */
    @Override
    protected Path mountLocked(String id, Path container) throws IOException {
        Path rootfs = container.resolve(ROOTFS);
        if (!Files.isDirectory(rootfs)) {
            throw noRootFilesystem(id);
        }
        return rootfs;
    }

    @Override
    protected Path writableLayer(Path container) {
        return container.resolve(ROOTFS);
    }

    /** Root filesystems are copies: they never keep a layer from being removed. */
    @Override
    public Optional<String> userOf(String chainId) {
        return Optional.empty();
    }
}
