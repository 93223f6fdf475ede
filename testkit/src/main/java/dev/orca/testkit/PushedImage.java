package dev.orca.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image manifest the test kit pushed, as the registry now serves it.
 *
 * @param reference         {@code 127.0.0.1:PORT/REPOSITORY:TAG}, or {@code …@sha256:…} for an index's entries
 * @param manifestDigest    the digest of the manifest bytes (the registry's {@code Docker-Content-Digest})
 * @param manifestMediaType {@code application/vnd.oci.image.manifest.v1+json}
 * @param configDigest      the digest of the config blob, which is the image ID
 * @param layers            bottom layer first
 */
public record PushedImage(String reference, String manifestDigest, String manifestMediaType, String configDigest,
        List<Layer> layers) {

    /**
     * One layer blob.
     *
     * @param digest    the digest of the blob as stored (compressed, if it is)
     * @param mediaType e.g. {@code application/vnd.oci.image.layer.v1.tar+gzip}
     * @param size      the blob's size in bytes
     * @param diffId    the digest of the uncompressed tar, as the config's {@code rootfs.diff_ids} lists it
     */
    public record Layer(String digest, String mediaType, long size, String diffId) {
    }

    public PushedImage {
        layers = List.copyOf(layers);
    }

    /** The image ID: the config digest, as {@code crictl images} shows it. */
    public String imageId() {
        return configDigest;
    }

    public List<String> layerDigests() {
        return layers.stream().map(Layer::digest).toList();
    }

    public List<String> diffIds() {
        return layers.stream().map(Layer::diffId).toList();
    }

    /** The sum of the layer blob sizes: what a pull downloads besides manifest and config. */
    public long compressedSize() {
        return layers.stream().mapToLong(Layer::size).sum();
    }

    /** {@code 127.0.0.1:PORT/REPOSITORY}, without tag or digest. */
    public String repository() {
        return ImageReference.repositoryOf(reference);
    }

    /** {@code 127.0.0.1:PORT/REPOSITORY@sha256:…}: this manifest, whatever the tag points at later. */
    public String digestReference() {
        return repository() + "@" + manifestDigest;
    }

    /** Reads a manifest and its config out of an OCI layout. */
    static PushedImage describe(OciLayout layout, Map<String, Object> descriptor, String reference) {
        String digest = Json.string(descriptor, "digest");
        Map<String, Object> manifest = layout.jsonBlob(digest);
        String configDigest = Json.string(Json.object(manifest.get("config"), "manifest config"), "digest");
        Map<String, Object> rootfs = Json.object(layout.jsonBlob(configDigest).get("rootfs"), "config rootfs");
        List<Object> diffIds = Json.array(rootfs.get("diff_ids"), "config diff_ids");
        List<Object> blobs = Json.array(manifest.get("layers"), "manifest layers");
        if (diffIds.size() != blobs.size()) {
            throw new IllegalStateException("image " + reference + " has " + blobs.size() + " layers but "
                    + diffIds.size() + " diff_ids in its config " + configDigest);
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            Map<String, Object> blob = Json.object(blobs.get(i), "manifest layer");
            layers.add(new Layer(Json.string(blob, "digest"), Json.string(blob, "mediaType"),
                    Json.number(blob, "size"), String.valueOf(diffIds.get(i))));
        }
        return new PushedImage(reference, digest, Json.string(descriptor, "mediaType"), configDigest, layers);
    }
}
