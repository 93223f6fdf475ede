package dev.orca.storage.overlay.internal;

import dev.orca.layers.TreeUsage;
import dev.orca.layers.store.KeyedLocks;
import dev.orca.layers.store.LayerIds;
import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.StagingArea;
import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import dev.orca.os.SystemCallException;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container root filesystems: {@code containers/<id>/} with {@code upper/}, {@code work/}, {@code merged/} (where
 * the overlay is mounted) and {@code layer} (the top layer's chain ID, empty for an empty image). The directory is
 * made in staging and renamed into place, then mounted; a failed mount removes it again.
 */
final class OverlayContainers {

    static final String UPPER = "upper";
    static final String WORK = "work";
    static final String MERGED = "merged";
    static final String LAYER = "layer";
    /** Bounds the unmount loop when mounts are stacked on one directory. */
    private static final int MAX_STACKED = 16;
    private static final Logger LOG = LoggerFactory.getLogger(OverlayContainers.class);

    private final Path dir;
    private final Path empty;
    private final StagingArea staging;
    private final LayerStore layers;
    private final OverlayLayers format;
    private final Mounts mounts;
    private final String mountOptions;
    private final KeyedLocks locks = new KeyedLocks();

    OverlayContainers(Path dir, Path empty, StagingArea staging, LayerStore layers, OverlayLayers format,
            Mounts mounts, String mountOptions) {
        this.dir = dir;
        this.empty = empty;
        this.staging = staging;
        this.layers = layers;
        this.format = format;
        this.mounts = mounts;
        this.mountOptions = mountOptions;
    }

    void open() throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(empty);
    }

    Path create(String id, String topChainId) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            Path container = dir.resolve(id);
            if (Files.isDirectory(container)) {
                String existing = read(container);
                String wanted = topChainId == null ? "" : topChainId;
                if (!existing.equals(wanted)) {
                    throw new IOException("container " + id + " already has a root filesystem, on layer "
                            + (existing.isEmpty() ? "(none)" : existing) + ", not " + topChainId);
                }
                return mountLocked(id);
            }
            if (topChainId == null) {
                stage(id, "");
            } else {
                layers.holding(topChainId, layer -> stage(id, topChainId));
            }
            try {
                return mountLocked(id);
            } catch (IOException | RuntimeException e) {
                try {
                    staging.trash(container);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private Path stage(String id, String topChainId) throws IOException {
        Path staged = staging.create("container-" + id);
        try {
            Files.createDirectory(staged.resolve(UPPER));
            Files.createDirectory(staged.resolve(WORK));
            Files.createDirectory(staged.resolve(MERGED));
            Files.writeString(staged.resolve(LAYER), topChainId, StandardCharsets.US_ASCII);
            staging.commit(staged, dir.resolve(id));
            return dir.resolve(id);
        } catch (IOException | RuntimeException e) {
            staging.discard(staged, e);
            throw e;
        }
    }

    Path mount(String id) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            return mountLocked(id);
        } finally {
            lock.unlock();
        }
    }

    private Path mountLocked(String id) throws IOException {
        Path container = dir.resolve(id);
        if (!Files.isDirectory(container)) {
            throw new IOException("container " + id + " has no root filesystem in " + dir);
        }
        Path merged = container.resolve(MERGED);
        if (mounts.isMountPoint(merged)) {
            return merged;
        }
        String top = read(container);
        List<Path> lowers = top.isEmpty() ? List.of(empty)
                : layers.holding(top, layer -> format.lowerDirs(top, layer, parents()));
        String data = OverlayMountData.of(lowers, container.resolve(UPPER), container.resolve(WORK), mountOptions);
        try {
            mounts.mount("overlay", merged, "overlay", 0, data);
        } catch (IOException e) {
            throw new IOException("root filesystem of container " + id + " could not be mounted on " + merged + ": "
                    + e.getMessage(), e);
        }
        LOG.debug("mounted the root filesystem of container {} on {} ({} lower layers)", id, merged, lowers.size());
        return merged;
    }

    private OverlayLayers.ParentLookup parents() {
        return new OverlayLayers.ParentLookup() {
            @Override
            public String parent(String chainId) throws IOException {
                return layers.parent(chainId).orElse(null);
            }

            @Override
            public Path directory(String chainId) {
                return layers.directory(chainId);
            }
        };
    }

    void unmount(String id) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            unmountLocked(id);
        } finally {
            lock.unlock();
        }
    }

    private void unmountLocked(String id) throws IOException {
        Path container = dir.resolve(id);
        if (!Files.isDirectory(container)) {
            return;
        }
        // mounts others made below the root filesystem first, deepest first; then the root filesystem itself
        List<Path> points = new ArrayList<>(mounts.mountPointsUnder(container));
        points.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : points) {
            for (int i = 0; i < MAX_STACKED && mounts.isMountPoint(point); i++) {
                unmountOne(id, point);
            }
        }
        if (!mounts.mountPointsUnder(container).isEmpty()) {
            throw new IOException("root filesystem of container " + id + " is still mounted: "
                    + mounts.mountPointsUnder(container));
        }
    }

    private void unmountOne(String id, Path point) throws IOException {
        try {
            mounts.unmount(point, 0);
        } catch (SystemCallException e) {
            if (e.errno() == SystemCallException.EINVAL && !mounts.isMountPoint(point)) {
                return; // gone meanwhile
            }
            if (e.errno() != SystemCallException.EBUSY) {
                throw e;
            }
            // still in use (a process has its cwd there): detach it now, the kernel frees it when released
            LOG.warn("root filesystem of container {} is busy at {}; detaching it", id, point);
            mounts.unmount(point, MountFlags.MNT_DETACH);
        }
    }

    void remove(String id) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            unmountLocked(id);
            staging.trash(dir.resolve(id));
        } finally {
            lock.unlock();
        }
    }

    StorageUsage writableLayerUsage(String id) throws IOException {
        LayerIds.container(id);
        return TreeUsage.of(dir.resolve(id).resolve(UPPER));
    }

    /** The container whose root filesystem stands on the layer, if any. */
    Optional<String> userOf(String chainId) throws IOException {
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(dir)) {
            for (Path container : containers) {
                if (Files.exists(container.resolve(LAYER)) && read(container).equals(chainId)) {
                    return Optional.of("container " + container.getFileName());
                }
            }
        }
        return Optional.empty();
    }

    private static String read(Path container) throws IOException {
        return Files.readString(container.resolve(LAYER), StandardCharsets.US_ASCII).strip();
    }
}
