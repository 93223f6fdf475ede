package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * containers-policy.json files mutated from one with every requirement type and scope form: each is parsed or
 * refused with a {@link PolicyException} naming the file, never another exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class PolicyFuzzTest {

    static final String SEED = """
            {
              "default": [{"type": "reject"}],
              "transports": {
                "docker": {
                  "registry.example/app": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/etc/pki/key.gpg",
                    "signedIdentity": {"type": "matchRepository"}}],
                  "registry.example": [{"type": "sigstoreSigned", "keyPath": "/etc/pki/cosign.pub",
                    "signedIdentity": {"type": "remapIdentity", "prefix": "registry.example", "signedPrefix": "b.example"}}],
                  "*.example": [{"type": "insecureAcceptAnything"}],
                  "": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "AAAA",
                    "signedIdentity": {"type": "exactReference", "dockerReference": "registry.example/app:1"}}]
                },
                "docker-daemon": {"": [{"type": "insecureAcceptAnything"}]}
              }
            }
            """;
    static final List<String> KEYWORDS = List.of("\"type\": ", "\"reject\"", "\"signedBy\"", "\"sigstoreSigned\"",
            "\"insecureAcceptAnything\"", "\"keyPath\": ", "\"keyPaths\": []", "\"keyData\": ", "\"keyType\": ",
            "\"signedIdentity\": ", "\"matchExact\"", "\"matchRepoDigestOrExact\"", "\"exactRepository\"",
            "\"remapIdentity\"", "\"prefix\": ", "\"signedPrefix\": ", "\"dockerReference\": ", "\"dockerRepository\": ",
            "\"transports\": ", "\"default\": ", "\"docker\": ", "\"*.\"", "\"*\"", "\"a/../b\"", "\"fulcio\": {}",
            "\"rekorPublicKeyPath\": ", "\"@sha256:x\"", "[]", "{}");

    @Property(tries = 10000)
    void policiesAreParsedOrRefused(@ForAll Random random) {
        String json = TextMutations.mutate(SEED, random, KEYWORDS);
        try {
            assertNotNull(PolicyDocument.parse(json.getBytes(StandardCharsets.UTF_8),
                    Path.of("/etc/containers/policy.json")));
        } catch (PolicyException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }
}
