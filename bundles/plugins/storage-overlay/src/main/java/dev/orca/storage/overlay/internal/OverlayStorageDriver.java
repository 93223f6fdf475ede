package dev.orca.storage.overlay.internal;

import dev.orca.layers.LayerUnpacker;
import dev.orca.layers.OverlayWhiteouts;
import dev.orca.layers.SpecialFiles;
import dev.orca.layers.store.LayerStoreDriver;
import dev.orca.layers.store.StoreRoot;
import dev.orca.os.DeviceNodes;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTimes;
import dev.orca.os.Mounts;
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
 * The {@code overlay} storage driver: each layer unpacked once into {@code <root>/layers/<hex>/diff}; a container's
 * root filesystem is an overlayfs mount of its layers' diffs (through short links in {@code <root>/l}) under its
 * own upper directory, at {@code <root>/containers/<id>/merged}.
 */
@Component(service = StorageDriver.class, configurationPid = OverlayStorageDriver.PID,
        property = StorageDriver.DRIVER + "=" + OverlayStorageDriver.NAME)
@Designate(ocd = OverlayStorageDriverConfiguration.class)
public final class OverlayStorageDriver extends LayerStoreDriver {

    static final String NAME = "overlay";
    static final String PID = "dev.orca.storage.overlay";

    @Activate
    public OverlayStorageDriver(BundleContext context, OverlayStorageDriverConfiguration config,
            @Reference(name = "mounts") Mounts mounts, @Reference(name = "deviceNodes") DeviceNodes nodes,
            @Reference(name = "extendedAttributes") ExtendedAttributes xattrs,
            @Reference(name = "fileTimes") FileTimes times) throws IOException {
        this(StoreRoot.of(config.root(), context.getProperty(NodePaths.ROOT), NAME), config.mount_options(),
                mounts, new FileCalls(nodes, xattrs, times));
    }

    /** Finishes deleting what was removed before the bundle goes (what is left goes at the next start). */
    @Deactivate
    public void deactivate() {
        close();
    }

    /**
     * Opens (creating) the store at {@code root}: deletes what an interrupted operation left, and checks that
     * overlayfs can mount there.
     *
     * @throws IllegalArgumentException the root or the options cannot be used
     * @throws IOException the store cannot be opened, or overlayfs does not work on its filesystem
     */
    public OverlayStorageDriver(Path root, String mountOptions, Mounts mounts, FileCalls calls) throws IOException {
        this(root, mountOptions, mounts, layers(root, mountOptions, calls));
    }

    private OverlayStorageDriver(Path root, String mountOptions, Mounts mounts, OverlayLayers format)
            throws IOException {
        super(NAME, root, format, (dir, staging, layers) -> new OverlayContainers(dir, root.resolve("empty"), staging,
                layers, format, mounts, mountOptions));
    }

    /** The layer format, once the root and the options are known to fit in overlay mount options. */
    private static OverlayLayers layers(Path root, String mountOptions, FileCalls calls) {
        checkRoot(NAME, root);
        OverlayMountData.checkUsable("overlay storage root", root);
        OverlayMountData.checkExtraOptions(mountOptions);
        LayerUnpacker unpacker = new LayerUnpacker(calls,
                new OverlayWhiteouts(calls.deviceNodes(), calls.extendedAttributes()), SpecialFiles.ALLOW);
        return new OverlayLayers(root, new ShortLinks(root), unpacker);
    }
}
