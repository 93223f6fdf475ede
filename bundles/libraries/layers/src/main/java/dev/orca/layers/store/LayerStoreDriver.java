package dev.orca.layers.store;

import dev.orca.layers.TreeUsage;
import dev.orca.os.Sweeper;
import dev.orca.spi.StagedLayer;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageDriver} on a {@link LayerStore}: under its root, {@code layers/} (laid out by the driver's
 * {@link LayerStore.Format}), {@code containers/} (the driver's {@link RootFilesystems}) and {@code staging/}, where
 * a removed layer or root filesystem is renamed and then deleted by a {@link Sweeper} after the call returned. A
 * driver is a subclass that says only what differs; it carries its own component annotations, which are not
 * inherited.
 */
@ConsumerType
public abstract class LayerStoreDriver implements StorageDriver {

    /** How long {@link #close} waits for removed layers and root filesystems to be deleted. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** Makes a driver's root filesystems in {@code dir}, on the store's staging area and layers. */
    @FunctionalInterface
    public interface RootFilesystemsFactory {
        RootFilesystems create(Path dir, StagingArea staging, LayerStore layers);
    }

    private final String name;
    private final Path root;
    private final LayerStore layers;
    private final RootFilesystems containers;
    private final Sweeper sweeper;

    /**
     * Opens (creating) the store at {@code root}, deleting what an interrupted operation left.
     *
     * @throws IllegalArgumentException the root is not absolute
     */
    protected LayerStoreDriver(String name, Path root, LayerStore.Format format, RootFilesystemsFactory containers)
            throws IOException {
        checkRoot(name, root);
        this.name = name;
        this.root = root;
        this.sweeper = new Sweeper("orca-" + name + "-sweeper", CLOSE_WAIT);
        StagingArea staging = new StagingArea(root.resolve("staging"), sweeper);
        this.layers = new LayerStore(root.resolve("layers"), staging, new KeyedLocks(), format);
        this.containers = containers.create(root.resolve("containers"), staging, layers);
        StoreRoot.create(root);
        int stale = staging.open(this.containers::releaseStaged);
        layers.open();
        this.containers.open();
        LoggerFactory.getLogger(getClass()).info("{} storage in {} ({} leftovers of interrupted operations deleted)",
                name, root, stale);
    }

    /**
     * Finishes deleting what was removed, up to ten seconds; what is left then is deleted when the store opens next.
     * A driver calls it when its component is deactivated.
     */
    public void close() {
        sweeper.close();
    }

    /** Refuses a root that is not absolute; for a driver that checks more before the store is opened. */
    protected static Path checkRoot(String name, Path root) {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException(name + " storage root " + root + " is not absolute");
        }
        return root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasLayer(String chainId) {
        return layers.has(chainId);
    }

    @Override
    public StoredLayer putLayer(String chainId, String parentChainId, String diffId, InputStream tar)
            throws IOException {
        return layers.put(chainId, parentChainId, diffId, tar);
    }

    @Override
    public boolean stagesLayersAheadOfParents() {
        return layers.stagesWithoutParent();
    }

    @Override
    public StagedLayer stageLayer(String chainId, String diffId, InputStream tar) throws IOException {
        return new StagedHere(layers, layers.stage(chainId, diffId, tar));
    }

    /** A layer this driver staged: closing it discards it from the store's staging unless it was stored. */
    private record StagedHere(LayerStore store, LayerStore.Staged staged) implements StagedLayer {
        @Override
        public String chainId() {
            return staged.chainId();
        }

        @Override
        public void close() {
            store.discard(staged);
        }
    }

    @Override
    public StoredLayer putStagedLayer(StagedLayer layer, String parentChainId) throws IOException {
        if (!(layer instanceof StagedHere here) || here.store() != layers) {
            throw new IllegalArgumentException(layer + " was not staged by storage driver " + name());
        }
        return layers.putStaged(here.staged(), parentChainId);
    }

    @Override
    public void removeLayer(String chainId) throws IOException {
        layers.remove(chainId, containers::userOf);
    }

    @Override
    public List<String> layers() throws IOException {
        return layers.list();
    }

    @Override
    public Path createRootFs(String containerId, String topChainId) throws IOException {
        return containers.create(containerId, topChainId);
    }

    @Override
    public Path mountRootFs(String containerId) throws IOException {
        return containers.mount(containerId);
    }

    @Override
    public void unmountRootFs(String containerId) throws IOException {
        containers.unmount(containerId);
    }

    @Override
    public void removeRootFs(String containerId) throws IOException {
        containers.remove(containerId);
    }

    @Override
    public StorageUsage writableLayerUsage(String containerId) throws IOException {
        return containers.writableLayerUsage(containerId);
    }

    @Override
    public StorageUsage usage() throws IOException {
        return TreeUsage.of(root);
    }

    @Override
    public String toString() {
        return name + " storage driver in " + root;
    }
}
