package dev.orca.signatures.internal;

import dev.orca.testkit.LookasideHttp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.GpgSigner.Algorithm;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real simple signatures: keys made by gpg, images pushed to Debian's registry and signed by skopeo
 * ({@code --sign-by}) into a lookaside store, read as file:// and over HTTP.
 */
class GpgSignedImagesTest {

    private static GpgSigner gpg;
    private static TestRegistry registry;
    private static Path trustedKeyFile;
    private static Path otherKeyFile;
    private static String signed;
    private static String signedDigest;
    private static String unsigned;
    private static String otherSigned;
    private static String otherDigest;
    private static LookasideHttp http;

    @BeforeAll
    static void signImages() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        String trustedKey = gpg.generateKey("Orca Signer", Algorithm.RSA2048, "0");
        String otherKey = gpg.generateKey("Someone Else", Algorithm.RSA2048, "0");
        trustedKeyFile = gpg.export(trustedKey, "trusted.gpg");
        otherKeyFile = gpg.export(otherKey, "other.gpg");

        registry = TestRegistry.plain();
        unsigned = TestImages.singleLayer(registry, "sig/app:1").reference();
        String other = TestImages.multiLayer(registry, "sig/other:1").reference();
        signed = registry.host() + "/sig/signed:1";
        otherSigned = registry.host() + "/sig/othersigned:1";
        gpg.sign(unsigned, signed, trustedKey);
        gpg.sign(other, otherSigned, trustedKey);
        signedDigest = gpg.digestOf(signed);
        otherDigest = gpg.digestOf(otherSigned);
        http = LookasideHttp.serving(gpg.lookaside());
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    private static String signedBy(Path key) {
        return "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"" + registry.host()
                + "\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"" + key + "\"}]}}}";
    }

    private static PolicyNode fileNode() throws IOException {
        return new PolicyNode(gpg.directory(), "file://" + gpg.lookaside());
    }

    @Test
    void anImageSignedByTheTrustedKeyIsAccepted() throws Exception {
        Decision decision = fileNode().policy(signedBy(trustedKeyFile)).check(signed, signedDigest);
        assertTrue(decision.accepted(), decision.reason());
    }

    @Test
    void signaturesAreReadOverHttpToo() throws Exception {
        PolicyNode node = new PolicyNode(gpg.directory(), http.base()).policy(signedBy(trustedKeyFile));
        Decision decision = node.check(signed, signedDigest);
        assertTrue(decision.accepted(), decision.reason());
        Decision unsignedOne = node.check(unsigned, signedDigest);
        assertFalse(unsignedOne.accepted());
    }

    @Test
    void anUnsignedImageIsRefusedNamingThePolicyFileAndTheKey() throws Exception {
        PolicyNode node = fileNode().policy(signedBy(trustedKeyFile));
        Decision decision = node.check(unsigned, signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().startsWith(node.policy + ": no signature by key 0x"), decision.reason());
        assertTrue(decision.reason().contains("for this digest"), decision.reason());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        Decision decision = fileNode().policy(signedBy(otherKeyFile)).check(signed, signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("which the policy does not trust"), decision.reason());
    }

    @Test
    void aSignatureForAnotherDigestIsNoSignature() throws Exception {
        // The other image's signature, planted where this image's signatures are looked up.
        gpg.plant(gpg.signatureFile("sig/othersigned", otherDigest, 1), "sig/planted", signedDigest, 1);
        String policy = "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \""
                + trustedKeyFile + "\", \"signedIdentity\": {\"type\": \"matchRepository\"}}]}";
        Decision decision = fileNode().policy(policy).check(registry.host() + "/sig/planted:1", signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("is for another digest (" + otherDigest + ")"), decision.reason());
    }

    @Test
    void anIdentityTheRuleDoesNotAcceptIsRefused() throws Exception {
        String policy = "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \""
                + trustedKeyFile + "\", \"signedIdentity\": {\"type\": \"exactReference\", \"dockerReference\": \""
                + registry.host() + "/sig/elsewhere:1\"}}]}";
        Decision decision = fileNode().policy(policy).check(signed, signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("which exactReference \"" + registry.host()
                + "/sig/elsewhere:1\" does not accept"), decision.reason());
    }

    @Test
    void aRejectScopeRefusesEvenASignedImage() throws Exception {
        String policy = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}], \"transports\": {\"docker\": {\""
                + registry.host() + "/sig\": [{\"type\": \"reject\"}]}}}";
        Decision decision = fileNode().policy(policy).check(signed, signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().endsWith("are rejected"), decision.reason());
    }

    @Test
    void aNamespacePolicyStricterThanTheNodesWinsForItsPods() throws Exception {
        PolicyNode node = fileNode().policy("{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Files.writeString(node.policyDir.resolve("strict.json"), signedBy(otherKeyFile));
        assertTrue(node.check(signed, signedDigest).accepted());
        assertTrue(node.check(signed, signedDigest, "relaxed").accepted());
        Decision strict = node.check(signed, signedDigest, "strict");
        assertFalse(strict.accepted());
        assertTrue(strict.reason().startsWith(node.policyDir.resolve("strict.json") + ": "), strict.reason());
    }

    @Test
    void aMalformedPolicyRefusesWithItsLineUntilFixedWithoutRestart() throws Exception {
        PolicyNode node = fileNode().policy("{\n  \"default\": [\n    {\"type\": \"signedBy\",}\n  ]\n}\n");
        Decision broken = node.check(signed, signedDigest);
        assertFalse(broken.accepted());
        assertTrue(broken.reason().startsWith(node.policy + " line 3: "), broken.reason());

        node.policy(signedBy(trustedKeyFile) + "\n");
        Decision fixed = node.check(signed, signedDigest);
        assertTrue(fixed.accepted(), fixed.reason());
    }

    @Test
    void aMissingPolicyRefusesEverything() throws Exception {
        Decision decision = fileNode().check(signed, signedDigest);
        assertFalse(decision.accepted());
        assertTrue(decision.reason().endsWith("policy.json: no such file"), decision.reason());
    }

}
