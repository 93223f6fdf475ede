package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.testkit.CosignKeyFiles;
import dev.orca.testkit.CosignSignatures;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signatures feature the distribution boots, with a containers-policy.json that
 * wants the registry's images signed by a gpg key, skopeo-made signatures in a lookaside store, and crictl pulling —
 * refusals answered PERMISSION_DENIED with the policy file and the cause, per-namespace policies through
 * {@code crictl pull --pod-config}, a policy edited while the node runs, {@code crictl info} and {@code orca:policy}.
 */
class SignedPullsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static GpgSigner signer;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static CrictlShell crictl;
    static String missing;
    static Path policy;
    static Path policies;
    static Path trustedKey;
    static String unsigned;
    static String signed;
    static String signedToo;
    static Path cosignKey;
    static String cosignSigned;
    static String cosignUnsigned;

    @BeforeAll
    static void start() throws Exception {
        missing = KubeletTools.missing("CRICTL", "crictl");
        if (missing != null || !GpgSigner.available()) {
            return;
        }
        Path lookaside = dir.resolve("lookaside");
        signer = new GpgSigner(dir.resolve("signer"), lookaside);
        String key = signer.generateKey("Orca Platform Team", GpgSigner.Algorithm.RSA2048, "0");
        trustedKey = signer.export(key, "trusted.gpg");
        registry = TestRegistry.plain();
        unsigned = TestImages.singleLayer(registry, "team/app:1").reference();
        String other = TestImages.multiLayer(registry, "team/other:1").reference();
        signed = registry.host() + "/team/signed:1";
        signedToo = registry.host() + "/team/signed-too:1";
        signer.sign(unsigned, signed, key);
        signer.sign(other, signedToo, key);

        CosignKeyFiles.Pair cosign = CosignKeyFiles.ecdsa(Files.createDirectories(dir.resolve("cosign")), "team",
                "secp256r1");
        cosignKey = cosign.publicKey();
        PushedImage attached = TestImages.singleLayer(registry, "cosign/app:1");
        cosignSigned = attached.reference();
        CosignSignatures.attach(registry, "cosign/app", attached.manifestDigest(), cosignSigned,
                cosign.keys().getPrivate());
        cosignUnsigned = TestImages.multiLayer(registry, "cosign/unsigned:1").reference();

        Path etc = Files.createDirectories(dir.resolve("etc"));
        policy = etc.resolve("policy.json");
        policies = Files.createDirectories(etc.resolve("policies"));
        Path registriesD = Files.createDirectories(etc.resolve("registries.d"));
        Files.writeString(registriesD.resolve("default.yaml"), "default-docker:\n  lookaside: file://" + lookaside
                + "\ndocker:\n  " + registry.host() + "/cosign:\n    use-sigstore-attachments: true\n");
        Files.writeString(policy, signedByTrustedKey());

        orca = new OrcaDaemon(dir);
        Path registriesConf = dir.resolve("registries.conf");
        Files.writeString(registriesConf, OrcaDaemon.insecure(registry.host()));
        orca.configure("dev.orca.image", Map.of("registries.conf", registriesConf.toString()));
        orca.configure("dev.orca.signatures", Map.of("policy.path", policy.toString(), "registries.d",
                registriesD.toString(), "policy.dir", policies.toString()));
        orca.start();
        orca.awaitLog("image policy from " + policy, Duration.ofSeconds(30));
        orca.awaitLog("in force for pulls", Duration.ofSeconds(30));
        crictl = new CrictlShell(KubeletTools.locate("CRICTL", "crictl"), orca.socket(),
                Files.createDirectories(dir.resolve("work")));
        for (String namespace : List.of("strict", "relaxed")) {
            Files.writeString(dir.resolve("work/" + namespace + "-pod.json"), "{\"metadata\": {\"name\": \"p\", "
                    + "\"namespace\": \"" + namespace + "\", \"uid\": \"" + namespace + "-uid\"}}");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (orca != null) {
                orca.close();
            }
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (signer != null) {
                signer.close(); // its gpg-agent, which would outlive the JVM, and its files
            }
        }
    }

    private static void requireTools() {
        assumeTrue(missing == null, missing);
        assumeTrue(GpgSigner.available(), "gpg and skopeo make the signatures this test checks: not installed");
    }

    private static String signedByTrustedKey() {
        return "{\n  \"default\": [{\"type\": \"insecureAcceptAnything\"}],\n  \"transports\": {\"docker\": {\""
                + registry.host() + "/team\": [\n    {\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \""
                + trustedKey + "\"}\n  ],\n  \"" + registry.host() + "/cosign\": [\n    {\"type\": \"sigstoreSigned\", "
                + "\"keyPath\": \"" + cosignKey + "\"}\n  ]}}\n}\n";
    }

    private static CrictlShell.Output crictl(String line) throws Exception {
        return crictl.run(line, Duration.ofSeconds(60));
    }

    private static void assertRefused(CrictlShell.Output out, String reference, String cause) {
        assertNotEquals(0, out.exitCode(), out.toString());
        assertTrue(out.stderr().contains("code = PermissionDenied"), out.toString());
        assertTrue(out.stderr().contains("image \\\"" + reference + "\\\" refused by policy ")
                || out.stderr().contains("image \"" + reference + "\" refused by policy "), out.toString());
        assertTrue(out.stderr().contains(cause), "expected '" + cause + "' in: " + out);
        assertFalse(out.stderr().contains("Exception"), out.toString());
    }

    private static boolean stored(String reference) throws Exception {
        return crictl("crictl images -o json").stdout().contains("\"" + reference + "\"");
    }

    @Test
    void anUnsignedImageIsRefusedNamingThePolicyFileAndTheKeyAndNothingIsStored() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());

        CrictlShell.Output out = crictl("crictl pull " + unsigned);

        assertRefused(out, unsigned, policy + ": no signature by key 0x");
        assertTrue(out.stderr().contains("for this digest"), out.toString());
        assertFalse(stored(unsigned), "a refused image is not stored");
    }

    @Test
    void aSignedImagePullsAndCrictlInfoNamesThePolicyInForce() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());

        CrictlShell.Output out = crictl("crictl pull " + signed);

        assertEquals(0, out.exitCode(), out.toString());
        assertTrue(out.stdout().startsWith("Image is up to date for sha256:"), out.toString());
        JsonNode info = JSON.readTree(crictl("crictl info").stdout()).path("imagePolicy");
        assertTrue(info.path("deployed").asBoolean(), info.toString());
        assertEquals(policy.toString(), info.path("policy").asText());
        assertTrue(info.path("usable").asBoolean(), info.toString());
        assertTrue(info.path("detail").asText().contains("docker " + registry.host() + "/team: signedBy(GPGKeys "
                + trustedKey), info.toString());
    }

    @Test
    void aSigstoreSignatureAttachedInTheRegistryIsVerifiedAndItsAbsenceRefused() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());

        CrictlShell.Output out = crictl("crictl pull " + cosignSigned);
        assertEquals(0, out.exitCode(), out.toString());

        assertRefused(crictl("crictl pull " + cosignUnsigned), cosignUnsigned, policy
                + ": no sigstore signature by key " + cosignKey + " for this digest");
        assertFalse(stored(cosignUnsigned), "a refused image is not stored");
    }

    @Test
    void aNamespacePolicyWinsForPullsMadeForThatNamespacesPods() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());
        Path strict = policies.resolve("strict.json");
        Files.writeString(strict, "{\"default\": [{\"type\": \"reject\"}]}");
        try {
            assertRefused(crictl("crictl pull --pod-config strict-pod.json " + signedToo), signedToo,
                    strict + ": images from " + registry.host() + "/team/signed-too are rejected");
            JsonNode info = JSON.readTree(crictl("crictl info").stdout()).path("imagePolicy");
            assertEquals(strict.toString(), info.path("namespaces").path("strict").asText(), info.toString());

            CrictlShell.Output relaxed = crictl("crictl pull --pod-config relaxed-pod.json " + signedToo);
            assertEquals(0, relaxed.exitCode(), "the node's policy governs other namespaces: " + relaxed);
        } finally {
            Files.delete(strict);
        }
    }

    @Test
    void aMalformedPolicyRefusesNamingItsLineUntilFixedWithoutARestart() throws Exception {
        requireTools();
        Files.writeString(policy, "{\n  \"default\": [\n    {\"type\": \"signedBy\",}\n  ]\n}\n");

        assertRefused(crictl("crictl pull " + signed), signed, policy + " line 3: ");
        JsonNode info = JSON.readTree(crictl("crictl info").stdout()).path("imagePolicy");
        assertFalse(info.path("usable").asBoolean(true), info.toString());
        assertTrue(info.path("detail").asText().startsWith(policy + " line 3: "), info.toString());

        Files.writeString(policy, signedByTrustedKey());
        CrictlShell.Output fixed = crictl("crictl pull " + signed);
        assertEquals(0, fixed.exitCode(), fixed.toString());
    }

    private static String shell(String commands) throws Exception {
        Process shell = new ProcessBuilder(orca.home().resolve("bin/orca").toString(), "shell", "--shell-socket",
                orca.shellSocket().toString()).redirectErrorStream(true).start();
        shell.getOutputStream().write((commands + "\nexit\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    /**
     * The policy service withdrawn while the node runs (the component disabled from the shell; PluginLifecycleIT
     * stops, updates and uninstalls the bundle itself): pulls go on unverified, as without the feature, and
     * {@code crictl info} says so; enabled again, the policy is back in force.
     */
    @Test
    void withThePolicyServiceGonePullsAreNotVerifiedAndWithItBackTheyAreAgain() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());
        String component = "dev.orca.signatures.internal.SignaturePolicy";
        try {
            String disabled = shell("scr:disable " + component);
            JsonNode info = JSON.readTree(crictl("crictl info").stdout()).path("imagePolicy");
            assertFalse(info.path("deployed").asBoolean(true), disabled + "\n" + info);
            assertEquals("no signature bundle deployed: no verification", info.path("detail").asText());
            CrictlShell.Output unverified = crictl("crictl pull " + unsigned);
            assertEquals(0, unverified.exitCode(), unverified.toString());
            assertEquals(0, crictl("crictl rmi " + unsigned).exitCode());
        } finally {
            shell("scr:enable " + component);
        }
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!JSON.readTree(crictl("crictl info").stdout()).path("imagePolicy").path("deployed").asBoolean()) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "the policy never came back:\n" + orca.log());
            Thread.sleep(100);
        }
        assertRefused(crictl("crictl pull " + unsigned), unsigned, policy + ": no signature by key 0x");
    }

    /**
     * A restarted node verifies the first pull it answers: the signature policy is registered before the image store
     * can serve (the shipped feature order), so no pull gets in unverified while the node starts.
     */
    @Test
    void theFirstPullAStartingNodeAnswersIsAlreadyVerified() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());
        orca.terminate();

        orca.launch(List.of());
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        int unanswered = 0;
        while (true) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "no pull was answered:\n" + orca.log());
            if (!Files.exists(orca.socket())) {
                Thread.sleep(2);
                continue;
            }
            try {
                String pulled = orca.pull(unsigned);
                throw new AssertionError("a starting node pulled " + unsigned + " unverified (" + pulled + ")");
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
                    unanswered++;
                    orca.closeChannel();
                    continue;
                }
                assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.toString());
                assertTrue(e.getStatus().getDescription().contains(policy + ": no signature by key 0x"),
                        e.getStatus().getDescription());
                break;
            }
        }
        orca.awaitServing(Duration.ofSeconds(60));
        assertFalse(stored(unsigned), "the refused image is not stored (" + unanswered + " calls before it)");
    }

    @Test
    void theShellShowsThePolicyScopeByScopeAndTheLastDecisions() throws Exception {
        requireTools();
        Files.writeString(policy, signedByTrustedKey());
        crictl("crictl pull " + unsigned);
        crictl("crictl pull " + signed);

        String page = shell("orca:policy");

        assertTrue(page.contains("node policy " + policy), page);
        assertTrue(page.contains("  docker " + registry.host() + "/team: signedBy(GPGKeys " + trustedKey), page);
        assertTrue(page.contains(" REFUSED  " + unsigned + " (sha256:"), page);
        assertTrue(page.contains(" ACCEPTED " + signed + " (sha256:"), page);
    }
}
