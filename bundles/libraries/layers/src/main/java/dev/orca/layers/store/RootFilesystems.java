package dev.orca.layers.store;

import dev.orca.layers.TreeUsage;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Container root filesystems, each in {@code <dir>/<id>/}: what the driver keeps there and the file {@code layer}
 * (the top layer's chain ID, empty for an empty image). The directory is filled in staging while its layer is held,
 * renamed into place, then mounted; a failed mount removes it again. One call at a time works on a container.
 * A driver says how a root filesystem is filled, mounted and unmounted, and where its writable layer is.
 */
@ConsumerType
public abstract class RootFilesystems {

    static final String LAYER = "layer";

    private final Path dir;
    private final StagingArea staging;
    private final LayerStore layers;
    private final KeyedLocks locks = new KeyedLocks();
    /**
     * Containers whose root filesystem this instance unmounted and has not mounted since (StopContainer's unmount,
     * then RemoveContainer): their removal needs no second look for mounts, which for overlay is a read of the mount
     * table, growing with the node's pods. A new instance (a restart, an update of the driver) knows none and looks.
     */
    private final Set<String> unmountedHere = ConcurrentHashMap.newKeySet();

    protected RootFilesystems(Path dir, StagingArea staging, LayerStore layers) {
        this.dir = dir;
        this.staging = staging;
        this.layers = layers;
    }

    /**
     * Fills {@code staged}, an empty directory, with the root filesystem on a layer.
     *
     * @param layer the top layer's directory, held meanwhile; null for an empty image
     */
    protected abstract void fill(Path staged, Path layer) throws IOException;

    /**
     * Mounts the root filesystem in {@code container} unless it is mounted (a driver that mounts nothing only finds
     * it), and returns its path; the container is locked meanwhile.
     */
    protected abstract Path mountLocked(String id, Path container) throws IOException;

    /**
     * Mounts the root filesystem just staged in {@code container}: nothing can be mounted there yet, so a driver may
     * skip looking (for overlay, a read of the mount table, which grows with the node's pods). By default
     * {@link #mountLocked}.
     */
    protected Path mountStagedLocked(String id, Path container) throws IOException {
        return mountLocked(id, container);
    }

    /**
     * Unmounts the root filesystem in {@code container}, also when it is not mounted; the container is locked
     * meanwhile. Nothing by default.
     */
    protected void unmountLocked(String id, Path container) throws IOException {
    }

    /**
     * Undoes what an interrupted operation left mounted in {@code staged}, a directory found in staging at start (a
     * driver's probe, a root filesystem being trashed), so that it can be deleted. Nothing by default.
     */
    protected void releaseStaged(Path staged) throws IOException {
    }

    /** The directory that holds what the container wrote. */
    protected abstract Path writableLayer(Path container);

    protected final Path dir() {
        return dir;
    }

    protected final StagingArea staging() {
        return staging;
    }

    protected final LayerStore layers() {
        return layers;
    }

    protected final IOException noRootFilesystem(String id) {
        return new IOException("container " + id + " has no root filesystem in " + dir);
    }

    /** Creates the directory of the root filesystems; a driver that keeps more there opens that too. */
    public void open() throws IOException {
        Files.createDirectories(dir);
    }

    /** See {@code StorageDriver.createRootFs}. */
    public final Path create(String id, String topChainId) throws IOException {
        return locked(id, container -> {
            unmountedHere.remove(id);
            if (Files.isDirectory(container)) {
                String existing = topChainId(container);
                if (!existing.equals(topChainId == null ? "" : topChainId)) {
                    throw new IOException("container " + id + " already has a root filesystem, on layer "
                            + (existing.isEmpty() ? "(none)" : existing) + ", not " + topChainId);
                }
                return mountLocked(id, container);
            }
            if (topChainId == null) {
                stage(id, container, "", null);
            } else {
                layers.holding(topChainId, layer -> stage(id, container, topChainId, layer));
            }
            try {
                return mountStagedLocked(id, container);
            } catch (IOException | RuntimeException e) {
                try {
                    staging.trash(container);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }

    private Path stage(String id, Path container, String topChainId, Path layer) throws IOException {
        Path staged = staging.create("container-" + id);
        try {
            fill(staged, layer);
            Files.writeString(staged.resolve(LAYER), topChainId, StandardCharsets.US_ASCII);
            staging.commit(staged, container);
            return container;
        } catch (IOException | RuntimeException e) {
            staging.discard(staged, e);
            throw e;
        }
    }

    /** See {@code StorageDriver.mountRootFs}. */
    public final Path mount(String id) throws IOException {
        return locked(id, container -> {
            unmountedHere.remove(id);
            if (!Files.isDirectory(container)) {
                throw noRootFilesystem(id);
            }
            return mountLocked(id, container);
        });
    }

    /** See {@code StorageDriver.unmountRootFs}. */
    public final void unmount(String id) throws IOException {
        locked(id, container -> {
            if (Files.isDirectory(container)) {
                unmountLocked(id, container);
                unmountedHere.add(id);
            }
            return null;
        });
    }

    /** See {@code StorageDriver.removeRootFs}. */
    public final void remove(String id) throws IOException {
        locked(id, container -> {
            if (Files.isDirectory(container) && !unmountedHere.contains(id)) {
                unmountLocked(id, container);
            }
            staging.trash(container);
            unmountedHere.remove(id);
            return null;
        });
    }

    /** Work on one container's directory, done with the container locked. */
    private interface ContainerWork<T> {
        T run(Path container) throws IOException;
    }

    private <T> T locked(String id, ContainerWork<T> work) throws IOException {
        LayerIds.container(id);
        Lock lock = locks.of(id).writeLock();
        lock.lock();
        try {
            return work.run(dir.resolve(id));
        } finally {
            lock.unlock();
        }
    }

    /** See {@code StorageDriver.writableLayerUsage}. */
    public final StorageUsage writableLayerUsage(String id) throws IOException {
        return TreeUsage.of(writableLayer(dir.resolve(LayerIds.container(id))));
    }

    /**
     * The container whose root filesystem stands on the layer, if any; a driver whose root filesystems are copies
     * says none.
     */
    public Optional<String> userOf(String chainId) throws IOException {
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(dir)) {
            for (Path container : containers) {
                if (Files.exists(container.resolve(LAYER)) && topChainId(container).equals(chainId)) {
                    return Optional.of("container " + container.getFileName());
                }
            }
        }
        return Optional.empty();
    }

    /** The chain ID of the layer the root filesystem in {@code container} stands on, empty for an empty image. */
    protected static String topChainId(Path container) throws IOException {
        return Files.readString(container.resolve(LAYER), StandardCharsets.US_ASCII).strip();
    }
}
