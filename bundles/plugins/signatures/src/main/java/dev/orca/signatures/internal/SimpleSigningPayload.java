package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The JSON a simple signature signs ("atomic container signature"): which manifest digest, under which name.
 * Only {@code critical} is trusted; {@code optional} is informational.
 */
record SimpleSigningPayload(String manifestDigest, String dockerReference) {

    static final String TYPE = "atomic container signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SimpleSigningPayload parse(byte[] payload) {
        JsonNode critical;
        try {
            critical = JSON.readTree(payload).path("critical");
        } catch (IOException e) {
            throw new IllegalArgumentException("the signed payload is not JSON");
        }
        if (!TYPE.equals(critical.path("type").asText(null))) {
            throw new IllegalArgumentException("the signed payload's critical.type is not \"" + TYPE + "\"");
        }
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        String reference = critical.path("identity").path("docker-reference").asText("");
        if (digest.isEmpty() || reference.isEmpty()) {
            throw new IllegalArgumentException("the signed payload names no manifest digest or identity");
        }
        return new SimpleSigningPayload(digest, reference);
    }
}
