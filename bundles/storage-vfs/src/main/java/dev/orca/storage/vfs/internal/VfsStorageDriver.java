package dev.orca.storage.vfs.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.SpecialFiles;
import dev.orca.layers.TreeUsage;
import dev.orca.layers.VfsWhiteouts;
import dev.orca.layers.store.KeyedLocks;
import dev.orca.layers.store.LayerStore;
import dev.orca.layers.store.StagingArea;
import dev.orca.layers.store.StoreRoot;
import dev.orca.os.DeviceNodes;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTimes;
import dev.orca.spi.NodePaths;
import dev.orca.spi.StorageDriver;
import dev.orca.spi.StorageUsage;
import dev.orca.spi.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vfs} storage driver: each layer is a full copy of its parent with its tar applied
 * ({@code <root>/layers/<hex>/rootfs}); a container's root filesystem is a full copy of its top layer
 * ({@code <root>/containers/<id>/rootfs}). Slow and large, but it needs nothing from the filesystem or the kernel
 * beyond files, so it works where overlayfs does not.
 */
@Component(service = StorageDriver.class, configurationPid = VfsStorageDriver.PID,
        property = StorageDriver.DRIVER + "=" + VfsStorageDriver.NAME)
@Designate(ocd = VfsStorageDriverConfiguration.class)
public final class VfsStorageDriver implements StorageDriver {

    static final String NAME = "vfs";
    static final String PID = "dev.orca.storage.vfs";
    private static final Logger LOG = LoggerFactory.getLogger(VfsStorageDriver.class);

    private final Path root;
    private final LayerStore layers;
    private final VfsContainers containers;

    @Activate
    public VfsStorageDriver(BundleContext context, VfsStorageDriverConfiguration config,
            @Reference(name = "deviceNodes") DeviceNodes nodes,
            @Reference(name = "extendedAttributes") ExtendedAttributes xattrs,
            @Reference(name = "fileTimes") FileTimes times) throws IOException {
        this(StoreRoot.of(config.root(), context.getProperty(NodePaths.ROOT), NAME),
                new FileCalls(nodes, xattrs, times));
    }

    /** Opens (creating) the store at {@code root}, deleting what an interrupted operation left. */
    public VfsStorageDriver(Path root, FileCalls calls) throws IOException {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("vfs storage root " + root + " is not absolute");
        }
        this.root = root;
        StagingArea staging = new StagingArea(root.resolve("staging"));
        TreeCopy copy = new TreeCopy(calls);
        LayerUnpacker unpacker = new LayerUnpacker(calls, new VfsWhiteouts(), SpecialFiles.ALLOW);
        this.layers = new LayerStore(root.resolve("layers"), staging, new KeyedLocks(), new VfsLayers(copy, unpacker));
        this.containers = new VfsContainers(root.resolve("containers"), staging, layers, copy);
        StoreRoot.create(root);
        int stale = staging.open();
        layers.open();
        containers.open();
        LOG.info("vfs storage in {} ({} leftovers of interrupted operations deleted)", root, stale);
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

    /** Root filesystems are copies: they never keep a layer from being removed. */
    @Override
    public void removeLayer(String chainId) throws IOException {
        layers.remove(chainId, layer -> Optional.empty());
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
    public void unmountRootFs(String containerId) {
        // nothing is mounted
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
        return "vfs storage driver in " + root;
    }
}
