package dev.orca.storage.overlay.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.OverlayWhiteouts;
import dev.orca.layers.SpecialFiles;
import dev.orca.layers.TreeUsage;
import dev.orca.layers.store.KeyedLocks;
import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.StagingArea;
import dev.orca.layers.store.StoreRoot;
import dev.orca.os.DeviceNodes;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTimes;
import dev.orca.os.Mounts;
import dev.orca.spi.NodePaths;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code overlay} storage driver: each layer unpacked once into {@code <root>/layers/<hex>/diff}; a container's
 * root filesystem is an overlayfs mount of its layers' diffs (through short links in {@code <root>/l}) under its
 * own upper directory, at {@code <root>/containers/<id>/merged}.
 */
@Component(service = StorageDriver.class, configurationPid = OverlayStorageDriver.PID,
        property = StorageDriver.DRIVER + "=" + OverlayStorageDriver.NAME)
@Designate(ocd = OverlayStorageDriverConfiguration.class)
public final class OverlayStorageDriver implements StorageDriver {

    static final String NAME = "overlay";
    static final String PID = "dev.orca.storage.overlay";
    private static final Logger LOG = LoggerFactory.getLogger(OverlayStorageDriver.class);

    private final Path root;
    private final LayerStore layers;
    private final OverlayContainers containers;

    @Activate
    public OverlayStorageDriver(BundleContext context, OverlayStorageDriverConfiguration config,
            @Reference(name = "mounts") Mounts mounts, @Reference(name = "deviceNodes") DeviceNodes nodes,
            @Reference(name = "extendedAttributes") ExtendedAttributes xattrs,
            @Reference(name = "fileTimes") FileTimes times) throws IOException {
        this(StoreRoot.of(config.root(), context.getProperty(NodePaths.ROOT), NAME), config.mount_options(),
                mounts, new FileCalls(nodes, xattrs, times));
    }

    /**
     * Opens (creating) the store at {@code root}: deletes what an interrupted operation left, and checks that
     * overlayfs can mount there.
     *
     * @throws IllegalArgumentException the root or the options cannot be used
     * @throws IOException the store cannot be opened, or overlayfs does not work on its filesystem
     */
    public OverlayStorageDriver(Path root, String mountOptions, Mounts mounts, FileCalls calls) throws IOException {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("overlay storage root " + root + " is not absolute");
        }
        OverlayMountData.checkUsable("overlay storage root", root);
        OverlayMountData.checkExtraOptions(mountOptions);
        this.root = root;
        StagingArea staging = new StagingArea(root.resolve("staging"));
        ShortLinks links = new ShortLinks(root);
        LayerUnpacker unpacker = new LayerUnpacker(calls,
                new OverlayWhiteouts(calls.deviceNodes(), calls.extendedAttributes()), SpecialFiles.ALLOW);
        OverlayLayers format = new OverlayLayers(root, links, unpacker);
        this.layers = new LayerStore(root.resolve("layers"), staging, new KeyedLocks(), format);
        this.containers = new OverlayContainers(root.resolve("containers"), root.resolve("empty"), staging, layers,
                format, mounts, mountOptions);
        StoreRoot.create(root);
        int stale = staging.open();
        layers.open();
        links.open();
        containers.open();
        new OverlayProbe(staging, mounts, mountOptions).run();
        LOG.info("overlay storage in {} ({} leftovers of interrupted operations deleted)", root, stale);
    }

    @Override
    public String name() {
        return NAME;
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
        return "overlay storage driver in " + root;
    }
}
