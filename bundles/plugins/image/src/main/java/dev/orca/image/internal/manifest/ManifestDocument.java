package dev.orca.image.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A manifest as a registry serves it: either an image manifest (a config and layers) or an index / manifest list
 * (one manifest per platform). Docker schema 2 and OCI forms alike.
 */
public sealed interface ManifestDocument {

    ObjectMapper JSON = new ObjectMapper();
    Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    /** An image manifest. */
    record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
    }

    /** An index or manifest list. */
    record Index(String mediaType, List<Descriptor> manifests) implements ManifestDocument {

        /** The entry for a platform ({@code os/arch[/variant]}); a variant is matched only when the entry gives one. */
        public Optional<Descriptor> forPlatform(String platform) {
            return manifests.stream().filter(d -> samePlatform(d.platform(), platform)).findFirst();
        }

        public List<String> platforms() {
            return manifests.stream().map(Descriptor::platform).toList();
        }

        private static boolean samePlatform(String entry, String wanted) {
            String[] e = entry.split("/");
            String[] w = wanted.split("/");
            return e.length >= 2 && w.length >= 2 && e[0].equals(w[0]) && e[1].equals(w[1])
                    && (e.length < 3 || w.length < 3 || e[2].equals(w[2]));
        }
    }

    /**
     * Parses manifest bytes; the content type the registry sent decides the form, or the document's own mediaType,
     * or its shape.
     *
     * @throws IllegalArgumentException when it is not a manifest Orca understands, saying why
     */
    static ManifestDocument parse(byte[] bytes, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the manifest is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifest cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        if (root.path("schemaVersion").asInt() != 2) {
            throw new IllegalArgumentException("schema version " + root.path("schemaVersion").asText("?")
                    + " manifests are not supported (only Docker schema 2 and OCI)");
        }
        String mediaType = root.path("mediaType").asText("");
        if (mediaType.isEmpty() && contentType != null && MediaTypes.ACCEPTED_MANIFESTS.contains(contentType)) {
            mediaType = contentType;
        }
        boolean index = mediaType.equals(MediaTypes.OCI_INDEX) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST)
                || mediaType.isEmpty() && root.has("manifests");
        if (index) {
            List<Descriptor> manifests = new ArrayList<>();
            for (JsonNode entry : root.path("manifests")) {
                manifests.add(descriptor(entry, platformOf(entry.path("platform"))));
            }
            return new Index(mediaType.isEmpty() ? MediaTypes.OCI_INDEX : mediaType, manifests);
        }
        if (!root.has("config") || !root.path("layers").isArray()) {
            throw new IllegalArgumentException("the manifest has no config or no layers");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : root.path("layers")) {
            layers.add(descriptor(layer, ""));
        }
        return new ImageManifest(mediaType.isEmpty() ? MediaTypes.OCI_MANIFEST : mediaType,
                descriptor(root.path("config"), ""), layers);
    }

    private static Descriptor descriptor(JsonNode node, String platform) {
        String digest = node.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("descriptor digest '" + digest + "' is not a sha256 or sha512 digest");
        }
        long size = node.path("size").asLong(-1);
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + " has no valid size");
        }
        return new Descriptor(node.path("mediaType").asText(""), digest, size, platform);
    }

    private static String platformOf(JsonNode platform) {
        String os = platform.path("os").asText("");
        String arch = platform.path("architecture").asText("");
        String variant = platform.path("variant").asText("");
        return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    }
}
