package dev.orca.storage.overlay.internal;

import dev.orca.layers.store.StagingArea;
import dev.orca.os.FileTrees;
import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts a tiny overlay in the store's staging area once, at start, so that a filesystem overlayfs refuses as
 * upper (overlayfs itself, some network filesystems) is reported when the driver starts, not at the first container.
 */
final class OverlayProbe {

    private final StagingArea staging;
    private final Mounts mounts;
    private final String mountOptions;

    OverlayProbe(StagingArea staging, Mounts mounts, String mountOptions) {
        this.staging = staging;
        this.mounts = mounts;
        this.mountOptions = mountOptions;
    }

    void run() throws IOException {
        Path probe = staging.create("probe");
        Path merged = Files.createDirectory(probe.resolve("merged"));
        try {
            String data = OverlayMountData.of(List.of(Files.createDirectory(probe.resolve("lower"))),
                    Files.createDirectory(probe.resolve("upper")), Files.createDirectory(probe.resolve("work")),
                    mountOptions);
            mounts.mount("overlay", merged, "overlay", 0, data);
            mounts.unmount(merged, MountFlags.MNT_DETACH);
        } catch (IOException e) {
            throw new IOException("overlayfs cannot use the storage root " + staging.dir().getParent() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!mounts.isMountPoint(merged)) {
                FileTrees.delete(probe);
            }
        }
    }
}
