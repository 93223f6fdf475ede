package dev.orca.storage.vfs.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.SpecialFiles;
import dev.orca.layers.VfsWhiteouts;
import dev.orca.layers.store.LayerStoreDriver;
import dev.orca.layers.store.StoreRoot;
import dev.orca.os.DeviceNodes;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTimes;
import dev.orca.spi.NodePaths;
import dev.orca.spi.StorageDriver;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code vfs} storage driver: each layer is a full copy of its parent with its tar applied
 * ({@code <root>/layers/<hex>/rootfs}); a container's root filesystem is a full copy of its top layer
 * ({@code <root>/containers/<id>/rootfs}). Slow and large, but it needs nothing from the filesystem or the kernel
 * beyond files, so it works where overlayfs does not.
 */
@Component(service = StorageDriver.class, configurationPid = VfsStorageDriver.PID,
        property = StorageDriver.DRIVER + "=" + VfsStorageDriver.NAME)
@Designate(ocd = VfsStorageDriverConfiguration.class)
public final class VfsStorageDriver extends LayerStoreDriver {

    static final String NAME = "vfs";
    static final String PID = "dev.orca.storage.vfs";

    @Activate
    public VfsStorageDriver(BundleContext context, VfsStorageDriverConfiguration config,
            @Reference(name = "deviceNodes") DeviceNodes nodes,
            @Reference(name = "extendedAttributes") ExtendedAttributes xattrs,
            @Reference(name = "fileTimes") FileTimes times) throws IOException {
        this(StoreRoot.of(config.root(), context.getProperty(NodePaths.ROOT), NAME),
                new FileCalls(nodes, xattrs, times));
    }

    /** Finishes deleting what was removed before the bundle goes (what is left goes at the next start). */
    @Deactivate
    public void deactivate() {
        close();
    }

    /** Opens (creating) the store at {@code root}, deleting what an interrupted operation left. */
    public VfsStorageDriver(Path root, FileCalls calls) throws IOException {
        this(root, new TreeCopy(calls), new LayerUnpacker(calls, new VfsWhiteouts(), SpecialFiles.ALLOW));
    }

    private VfsStorageDriver(Path root, TreeCopy copy, LayerUnpacker unpacker) throws IOException {
        super(NAME, root, new VfsLayers(copy, unpacker),
                (dir, staging, layers) -> new VfsContainers(dir, staging, layers, copy));
    }

    /** Nothing is mounted, so nothing is unmounted, whatever the ID. */
    @Override
    public void unmountRootFs(String containerId) {
        // nothing is mounted
    }
}
