package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signed payload of both signature kinds: every critical field understood, or the signature is refused. */
class SimpleSigningPayloadTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static SimpleSigningPayload parse(String json, String type) {
        return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static String payload(String type, String extraCritical) {
        return "{\"critical\": {\"identity\": {\"docker-reference\": \"r.io/app:1\"}, \"image\": "
                + "{\"docker-manifest-digest\": \"" + DIGEST + "\"}, \"type\": \"" + type + "\"" + extraCritical
                + "}, \"optional\": null}";
    }

    @Test
    void aCosignPayloadIsReadWithItsType() {
        SimpleSigningPayload read = parse(payload(SimpleSigningPayload.SIGSTORE, ""), SimpleSigningPayload.SIGSTORE);
        assertEquals(DIGEST, read.manifestDigest());
        assertEquals("r.io/app:1", read.dockerReference());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(
                payload(SimpleSigningPayload.SIGSTORE, ""), SimpleSigningPayload.SIMPLE_SIGNING)).getMessage()
                .contains("critical.type is not \"atomic container signature\""));
    }

    @Test
    void aCriticalFieldThatIsNotUnderstoodRefuses() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(
                payload(SimpleSigningPayload.SIGSTORE, ", \"expires\": 1"), SimpleSigningPayload.SIGSTORE))
                .getMessage().contains("critical has a field this policy does not understand, \"expires\""));
    }

    @Test
    void theDigestComesBeforeTheIdentity() {
        SimpleSigningPayload read = parse(payload(SimpleSigningPayload.SIGSTORE, ""), SimpleSigningPayload.SIGSTORE);
        SignedIdentity exact = new SignedIdentity.MatchExact();
        assertNull(read.mismatch(DockerReference.parse("r.io/app:1"), DIGEST, exact));
        assertEquals("is for another digest (" + DIGEST + ")",
                read.mismatch(DockerReference.parse("r.io/other:1"), "sha256:" + "b".repeat(64), exact));
        assertEquals("is for \"r.io/app:1\", which exactRepository \"r.io/x\" does not accept for \"r.io/app:1\"",
                read.mismatch(DockerReference.parse("r.io/app:1"), DIGEST,
                        new SignedIdentity.ExactRepository(DockerReference.parse("r.io/x"))));
    }
}
