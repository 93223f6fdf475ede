package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.policy.SignatureSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sigstore signatures kept in the registry beside the image, as cosign and containers/image write them: an OCI image
 * manifest tagged {@code sha256-<hex>.sig} in the image's repository, one layer per signature, the layer's blob the
 * signed payload and its {@code dev.cosignproject.cosign/signature} annotation the signature (base64). Read as
 * untrusted input: counts and sizes are bounded as for lookaside stores.
 */
final class CosignAttachments {

    static final String PAYLOAD_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One attached signature.
     *
     * @param layer the layer's digest, to name it in messages
     * @param base64Signature the annotation's value; null when the layer has none
     */
    record Attached(String layer, byte[] payload, String base64Signature) {
    }

    /**
     * What was found for one digest.
     *
     * @param location {@code repository:tag} that was read, for messages
     */
    record Found(String location, List<Attached> signatures) {
    }

    private CosignAttachments() {
    }

    /** {@code sha256-<hex>.sig}: where the signatures of a manifest digest are attached. */
    static String tagFor(String manifestDigest) {
        return manifestDigest.replace(':', '-') + ".sig";
    }

    /**
     * The signatures attached to a manifest digest; none when the tag is missing.
     *
     * @throws IOException when the registry cannot be read, or what it serves is not a signature manifest within
     *     bounds (fail closed)
     */
    static Found read(SignatureSource source, String repository, String manifestDigest) throws IOException {
        String tag = tagFor(manifestDigest);
        String location = repository + ":" + tag;
        Optional<byte[]> manifest = source.manifest(repository, tag);
        if (manifest.isEmpty()) {
            return new Found(location, List.of());
        }
        List<Attached> found = new ArrayList<>();
        for (JsonNode layer : layers(manifest.get(), location)) {
            if (!PAYLOAD_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
                continue; // other attachments (attestations, SBOMs) are not signatures
            }
            if (found.size() == LookasideStore.MAX_SIGNATURES) {
                throw new IOException(location + " has more than " + LookasideStore.MAX_SIGNATURES + " signatures");
            }
            String digest = layer.path("digest").asText("");
            if (!digest.matches("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}")) {
                throw new IOException(location + ": a signature layer has no valid digest");
            }
            long size = layer.path("size").isIntegralNumber() ? layer.get("size").asLong() : -1;
            if (size < 0 || size > LookasideStore.MAX_SIGNATURE_BYTES) {
                throw new IOException(location + ": signature layer " + digest + " has size " + layer.path("size")
                        + ", not a signature's");
            }
            byte[] payload = source.blob(repository, digest);
            if (payload.length != size) {
                throw new IOException(location + ": signature layer " + digest + " is " + payload.length
                        + " bytes, not the " + size + " its manifest says");
            }
            JsonNode annotation = layer.path("annotations").path(SIGNATURE_ANNOTATION);
            found.add(new Attached(digest, payload, annotation.isTextual() ? annotation.asText() : null));
        }
        return new Found(location, List.copyOf(found));
    }

    private static JsonNode layers(byte[] manifest, String location) throws IOException {
        if (manifest.length > LookasideStore.MAX_SIGNATURE_BYTES) {
            throw new IOException(location + " is larger than a signature manifest can be");
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new IOException(location + " is not JSON", e);
        }
        String mediaType = root.path("mediaType").asText(OCI_MANIFEST);
        if (root.path("schemaVersion").asInt() != 2 || !mediaType.equals(OCI_MANIFEST) || !root.has("layers")
                || !root.get("layers").isArray()) {
            throw new IOException(location + " is not an OCI image manifest with layers");
        }
        return root.get("layers");
    }
}
