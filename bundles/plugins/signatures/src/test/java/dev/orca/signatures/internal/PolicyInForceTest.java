package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.policy.PolicyInForce;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.spi.policy.SignatureSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What crictl info and orca:policy show: the policy in force per scope, its per-namespace files, the decisions. */
class PolicyInForceTest {

    @TempDir
    Path dir;

    private SignaturePolicy policy() throws Exception {
        Files.createDirectories(dir.resolve("policies"));
        return new SignaturePolicy(dir.resolve("policy.json"), dir.resolve("registries.d"),
                Optional.of(dir.resolve("policies")), Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static PolicyRequest request(String reference, String namespace) {
        return new PolicyRequest(reference, "sha256:" + "ab".repeat(32), new byte[0], "reg.example:5000", namespace,
                SignatureSource.NONE);
    }

    @Test
    void theNodePolicyIsShownScopeByScope() throws Exception {
        SignaturePolicy service = policy();
        Files.writeString(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"reject\"}], \"transports\": "
                + "{\"docker\": {\"reg.example:5000/app\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", "
                + "\"keyPath\": \"keys/k.gpg\"}], \"\": [{\"type\": \"insecureAcceptAnything\"}]}}}");
        Files.writeString(dir.resolve("policies/team-a.json"), "{\"default\": [{\"type\": \"reject\"}]}");
        Files.writeString(dir.resolve("policies/Not_A_Namespace.json"), "{}");

        PolicyInForce inForce = service.inForce();

        assertTrue(inForce.usable(), inForce.toString());
        assertEquals(dir.resolve("policy.json").toString(), inForce.source());
        assertEquals("default: reject; docker reg.example:5000/app: signedBy(GPGKeys " + dir.resolve("keys/k.gpg")
                + ", matchRepoDigestOrExact); docker (all): insecureAcceptAnything", inForce.detail());
        assertEquals(Map.of("team-a", dir.resolve("policies/team-a.json").toString()), inForce.namespaces());
    }

    @Test
    void aMalformedPolicyIsShownUnusableWithItsLine() throws Exception {
        SignaturePolicy service = policy();
        Files.writeString(dir.resolve("policy.json"), "{\n \"default\": [\n  {\"type\": \"nonsense\"}\n ]\n}\n");

        PolicyInForce inForce = service.inForce();

        assertFalse(inForce.usable());
        assertTrue(inForce.detail().startsWith(dir.resolve("policy.json") + " line 3: unknown policy requirement"),
                inForce.detail());
        assertTrue(service.policy().contains("unusable, every pull it governs is refused"), service.policy());
    }

    @Test
    void theShellPageShowsEachPolicyAndTheLastDecisionsNewestLast() throws Exception {
        SignaturePolicy service = policy();
        Files.writeString(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Files.writeString(dir.resolve("policies/strict.json"), "{\"default\": [{\"type\": \"reject\"}]}");

        assertTrue(service.check(request("reg.example:5000/app:1", "")).accepted());
        assertFalse(service.check(request("reg.example:5000/app:2", "strict")).accepted());
        for (int i = 0; i < 30; i++) {
            service.check(request("reg.example:5000/many:" + i, ""));
        }
        String page = service.policy();

        assertTrue(page.startsWith("node policy " + dir.resolve("policy.json") + "\n  default: "
                + "insecureAcceptAnything\nnamespace strict: " + dir.resolve("policies/strict.json")
                + "\n  default: reject\n"), page);
        assertEquals(20, page.lines().filter(l -> l.contains(" ACCEPTED ") || l.contains(" REFUSED ")).count(),
                "the log keeps the last 20 decisions: " + page);
        assertTrue(page.strip().endsWith("reg.example:5000/many:29 (sha256:" + "ab".repeat(32) + "): "
                + dir.resolve("policy.json") + " scope default: 1 requirement(s) met"), page);
    }

    @Test
    void aRefusalIsLoggedWithItsNamespaceAndReason() throws Exception {
        SignaturePolicy service = policy();
        Files.writeString(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Files.writeString(dir.resolve("policies/strict.json"), "{\"default\": [{\"type\": \"reject\"}]}");

        service.check(request("reg.example:5000/app:2", "strict"));

        assertTrue(service.policy().contains(" REFUSED  reg.example:5000/app:2 (sha256:" + "ab".repeat(32)
                + ") namespace strict: " + dir.resolve("policies/strict.json")
                + ": images from reg.example:5000/app are rejected"), service.policy());
    }
}
