package dev.orca.image.internal.manifest;

import java.util.List;

/** The media types of manifests and layers Orca understands. */
public final class MediaTypes {

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_NONDIST_LAYER = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_NONDIST_LAYER_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    /** What a manifest request accepts, best first. */
    public static final List<String> ACCEPTED_MANIFESTS =
            List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    /** How a layer of this media type is compressed. */
    public static Compression compressionOf(String layerMediaType) {
        return switch (layerMediaType) {
            case DOCKER_LAYER_GZIP, DOCKER_FOREIGN_LAYER_GZIP, OCI_LAYER_GZIP, OCI_NONDIST_LAYER_GZIP ->
                    Compression.GZIP;
            case OCI_LAYER_ZSTD -> Compression.ZSTD;
            case OCI_LAYER, OCI_NONDIST_LAYER -> Compression.NONE;
            default -> throw new IllegalArgumentException("unsupported layer media type '" + layerMediaType + "'");
        };
    }

    /** Layer compressions. */
    public enum Compression { NONE, GZIP, ZSTD }
}
