package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * The JSON a signature signs: which manifest digest, under which name. Simple signing ("atomic container signature")
 * and sigstore ("cosign container image signature") share the shape. Only {@code critical} is trusted, and all of
 * it must be understood: a field there that this code does not know refuses the signature, as containers/image
 * does; {@code optional} is informational.
 */
record SimpleSigningPayload(String manifestDigest, String dockerReference) {

    static final String SIMPLE_SIGNING = "atomic container signature";
    static final String SIGSTORE = "cosign container image signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SimpleSigningPayload parse(byte[] payload, String type) {
        JsonNode critical;
        try {
            critical = JSON.readTree(payload).path("critical");
        } catch (IOException e) {
            throw new IllegalArgumentException("the signed payload is not JSON");
        }
        if (!type.equals(critical.path("type").asText(null))) {
            throw new IllegalArgumentException("the signed payload's critical.type is not \"" + type + "\"");
        }
        onlyFields(critical, "critical", Set.of("type", "image", "identity"));
        onlyFields(critical.path("image"), "critical.image", Set.of("docker-manifest-digest"));
        onlyFields(critical.path("identity"), "critical.identity", Set.of("docker-reference"));
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        String reference = critical.path("identity").path("docker-reference").asText("");
        if (digest.isEmpty() || reference.isEmpty()) {
            throw new IllegalArgumentException("the signed payload names no manifest digest or identity");
        }
        return new SimpleSigningPayload(digest, reference);
    }

    private static void onlyFields(JsonNode object, String where, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("the signed payload's " + where + " has a field this policy "
                        + "does not understand, \"" + name + "\"");
            }
        }
    }

    /**
     * Why this payload does not vouch for the image, or null when it does: it must name the pulled digest, and an
     * identity the rule accepts. The reason completes "the signature by key K …".
     */
    String mismatch(DockerReference image, String pulledDigest, SignedIdentity rule) {
        if (!manifestDigest.equals(pulledDigest)) {
            return "is for another digest (" + manifestDigest + ")";
        }
        DockerReference signed;
        try {
            signed = DockerReference.parse(dockerReference);
        } catch (IllegalArgumentException e) {
            return "names an identity that is not a reference: " + e.getMessage();
        }
        if (!rule.matches(image, signed)) {
            return "is for \"" + signed + "\", which " + rule.describe() + " does not accept for \"" + image + "\"";
        }
        return null;
    }
}
