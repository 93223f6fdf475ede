package dev.orca.testkit;

/** How the layers of a pushed image are compressed. */
public enum LayerCompression {

    /** {@code application/vnd.oci.image.layer.v1.tar+gzip}, as umoci writes them. */
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    /** {@code application/vnd.oci.image.layer.v1.tar+zstd}, recompressed by skopeo. */
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd"),
    /** {@code application/vnd.oci.image.layer.v1.tar}: plain tar, decompressed by skopeo. */
    NONE("application/vnd.oci.image.layer.v1.tar");

    private final String mediaType;

    LayerCompression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
