package dev.orca.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An OCI image index (multi-platform image) the test kit pushed with all its manifests.
 *
 * @param reference      {@code 127.0.0.1:PORT/REPOSITORY:TAG}
 * @param indexDigest    the digest of the index bytes
 * @param mediaType      {@code application/vnd.oci.image.index.v1+json}
 * @param manifests      by platform ({@code linux/amd64}, {@code linux/arm64}), in index order; each one's reference
 *                       is by digest
 */
public record PushedIndex(String reference, String indexDigest, String mediaType, Map<String, PushedImage> manifests) {

    public static final String LINUX_AMD64 = "linux/amd64";
    public static final String LINUX_ARM64 = "linux/arm64";

    public PushedIndex {
        manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
    }

    /** The manifest for {@code os/architecture}, e.g. {@code linux/arm64}. */
    public PushedImage manifest(String platform) {
        PushedImage image = manifests.get(platform);
        if (image == null) {
            throw new NoSuchElementException("index " + reference + " has no " + platform + " manifest, only "
                    + manifests.keySet());
        }
        return image;
    }

    /** What a linux/amd64 node resolves the index to. */
    public PushedImage amd64() {
        return manifest(LINUX_AMD64);
    }

    public String amd64ManifestDigest() {
        return amd64().manifestDigest();
    }

    /** Reads an index and the manifests it lists out of an OCI layout. */
    static PushedIndex describe(OciLayout layout, Map<String, Object> descriptor, String reference) {
        String digest = Json.string(descriptor, "digest");
        String repository = ImageReference.repositoryOf(reference);
        Map<String, PushedImage> manifests = new LinkedHashMap<>();
        List<Object> entries = Json.array(layout.jsonBlob(digest).get("manifests"), "index manifests");
        for (Object entry : entries) {
            Map<String, Object> manifest = Json.object(entry, "index entry");
            Map<String, Object> platform = Json.object(manifest.get("platform"), "index entry platform");
            String key = Json.string(platform, "os") + "/" + Json.string(platform, "architecture");
            String byDigest = repository + "@" + Json.string(manifest, "digest");
            manifests.put(key, PushedImage.describe(layout, manifest, byDigest));
        }
        return new PushedIndex(reference, digest, Json.string(descriptor, "mediaType"), manifests);
    }
}
