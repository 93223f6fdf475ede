package dev.orca.storage.vfs.internal;

import dev.orca.layers.TreeUsage;
import dev.orca.layers.store.KeyedLocks;
import dev.orca.layers.store.LayerIds;
import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.StagingArea;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;

/**
 * Container root filesystems as full copies: {@code containers/<id>/rootfs} (a copy of the top layer's tree) and
 * {@code layer} (its chain ID, empty for an empty image), made in staging and renamed into place. Nothing is mounted.
 */
final class VfsContainers {

    static final String ROOTFS = "rootfs";
    static final String LAYER = "layer";

    private final Path dir;
    private final StagingArea staging;
    private final LayerStore layers;
    private final TreeCopy copy;
    private final KeyedLocks locks = new KeyedLocks();

    VfsContainers(Path dir, StagingArea staging, LayerStore layers, TreeCopy copy) {
        this.dir = dir;
        this.staging = staging;
        this.layers = layers;
        this.copy = copy;
    }

    void open() throws IOException {
        Files.createDirectories(dir);
    }

    Path create(String id, String topChainId) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            Path container = dir.resolve(id);
            if (Files.isDirectory(container)) {
                String existing = Files.readString(container.resolve(LAYER), StandardCharsets.US_ASCII).strip();
                if (!existing.equals(topChainId == null ? "" : topChainId)) {
                    throw new IOException("container " + id + " already has a root filesystem, on layer "
                            + (existing.isEmpty() ? "(none)" : existing) + ", not " + topChainId);
                }
                return container.resolve(ROOTFS);
            }
            Path staged = staging.create("container-" + id);
            try {
                if (topChainId == null) {
                    Files.createDirectory(staged.resolve(ROOTFS));
                    Files.setAttribute(staged.resolve(ROOTFS), "unix:mode", 0755);
                } else {
                    layers.holding(topChainId, layer -> {
                        copy.copy(layer.resolve(VfsLayers.ROOTFS), staged.resolve(ROOTFS));
                        return null;
                    });
                }
                Files.writeString(staged.resolve(LAYER), topChainId == null ? "" : topChainId,
                        StandardCharsets.US_ASCII);
                staging.commit(staged, container);
            } catch (IOException | RuntimeException e) {
                staging.discard(staged, e);
                throw e;
            }
            return container.resolve(ROOTFS);
        } finally {
            lock.unlock();
        }
    }

    /** Nothing to mount: the copy is the root filesystem. */
    Path mount(String id) throws IOException {
        Path rootfs = dir.resolve(LayerIds.container(id)).resolve(ROOTFS);
        if (!Files.isDirectory(rootfs)) {
            throw new IOException("container " + id + " has no root filesystem in " + dir);
        }
        return rootfs;
    }

    void remove(String id) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            staging.trash(dir.resolve(id));
        } finally {
            lock.unlock();
        }
    }

    StorageUsage writableLayerUsage(String id) throws IOException {
        return TreeUsage.of(dir.resolve(LayerIds.container(id)).resolve(ROOTFS));
    }
}
