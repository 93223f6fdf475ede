package dev.orca.storage.overlay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the overlay driver keeps layers and container root filesystems, and how it mounts them. */
@ObjectClassDefinition(name = "Orca overlay storage driver",
        description = "Layers unpacked once; container root filesystems mounted with overlayfs")
@interface OverlayStorageDriverConfiguration {

    @AttributeDefinition(description = "Directory of the store; empty for <framework property orca.root, default"
            + " /var/lib/orca>/storage/overlay. Must be on a filesystem overlayfs accepts as upper (ext4, xfs,"
            + " btrfs, tmpfs; not overlayfs itself) and contain no ',', ':' or '\\'.")
    String root() default "";

    @AttributeDefinition(description = "Extra overlayfs mount options appended to lowerdir/upperdir/workdir, such as"
            + " \"index=off,metacopy=off\"; empty for the kernel's defaults")
    String mount_options() default "";
}
