package dev.orca.image.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca image store", description = "Pulls images from registries and keeps them")
@interface ImageStoreConfiguration {

    @AttributeDefinition(description = "Directory of image metadata; empty: ORCA_ROOT/images")
    String root() default "";

    @AttributeDefinition(description = "containers-registries.conf (v2) with search registries, mirrors, insecure"
            + " and blocked registries; a missing file means none")
    String registries_conf() default "/etc/containers/registries.conf";

    @AttributeDefinition(description = "Name of the storage driver that holds the layers (overlay, vfs)")
    String storage_driver() default "overlay";

    @AttributeDefinition(description = "Layers downloaded at the same time")
    int parallel_downloads() default 3;

    @AttributeDefinition(description = "Seconds a registry may send nothing before a pull fails")
    int no_progress_timeout_seconds() default 60;

    @AttributeDefinition(description = "The platform images are resolved to, os/architecture")
    String platform() default "linux/amd64";
}
