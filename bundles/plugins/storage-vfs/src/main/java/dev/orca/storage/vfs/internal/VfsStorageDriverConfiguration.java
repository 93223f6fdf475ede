package dev.orca.storage.vfs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the vfs driver keeps its full copies. */
@ObjectClassDefinition(name = "Orca vfs storage driver",
        description = "Every layer and root filesystem a full copy; works on any filesystem, mounts nothing")
@interface VfsStorageDriverConfiguration {

    @AttributeDefinition(description = "Directory of the store; empty for <framework property orca.root, default"
            + " /var/lib/orca>/storage/vfs")
    String root() default "";
}
