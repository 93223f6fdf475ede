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

    @AttributeDefinition(description = "Images image garbage collection never removes, shown as pinned to the kubelet:"
            + " exact names or globs where * stands for any characters, matched against fully qualified tags"
            + " (docker.io/library/busybox:1.36), digest references and IDs; several in one value separated by commas")
    String[] pinned_images() default {};

    @AttributeDefinition(description = "Image garbage collection starts above this percent of the image file"
            + " system used; 0: not by percent. Above the kubelet's own default (85), so that the kubelet's image"
            + " garbage collection acts first and Orca's is the safety net")
    int gc_high_used_percent() default 90;

    @AttributeDefinition(description = "Image garbage collection stops at or below this percent used; 0: not by"
            + " percent. At the kubelet's high threshold, so that Orca never removes what the kubelet would keep")
    int gc_low_used_percent() default 85;

    @AttributeDefinition(description = "Image garbage collection starts when fewer bytes than this are free on the"
            + " image file system; 0: not by free bytes")
    long gc_high_min_free_bytes() default 0;

    @AttributeDefinition(description = "Image garbage collection stops once at least this many bytes are free; 0:"
            + " not by free bytes")
    long gc_low_min_free_bytes() default 0;

    @AttributeDefinition(description = "Seconds between scheduled image garbage collections; 0: only on demand"
            + " (orca:gc in the shell)")
    int gc_interval_seconds() default 300;
}
