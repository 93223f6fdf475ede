package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.spi.policy.SignatureSource;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real simple signatures: keys made by gpg, images pushed to Debian's registry and signed by skopeo
 * ({@code --sign-by}) into a lookaside store, read as file:// and over HTTP.
 */
class GpgSignedImagesTest {

    private static TestRegistry registry;
    private static Path work;
    private static String trustedKey;
    private static Path trustedKeyFile;
    private static Path otherKeyFile;
    private static String signed;
    private static String signedDigest;
    private static String unsigned;
    private static String otherSigned;
    private static String otherDigest;
    private static Path lookaside;
    private static HttpServer http;

    @BeforeAll
    static void signImages() throws Exception {
        assumeTrue(onPath("gpg") && onPath("skopeo"), "gpg and skopeo are needed to make real signatures: skipped");
        work = Files.createTempDirectory("orca-signatures");
        Path gnupg = Files.createDirectories(work.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        trustedKey = generateKey(gnupg, "Orca Signer");
        String otherKey = generateKey(gnupg, "Someone Else");
        trustedKeyFile = export(gnupg, trustedKey, "trusted.gpg");
        otherKeyFile = export(gnupg, otherKey, "other.gpg");

        registry = TestRegistry.plain();
        unsigned = TestImages.singleLayer(registry, "sig/app:1").reference();
        String other = TestImages.multiLayer(registry, "sig/other:1").reference();
        lookaside = Files.createDirectories(work.resolve("lookaside"));
        Path writerConfig = Files.createDirectories(work.resolve("writer-registries.d"));
        Files.writeString(writerConfig.resolve("default.yaml"), "default-docker:\n  lookaside-staging: file://"
                + lookaside + "\n");
        signed = registry.host() + "/sig/signed:1";
        otherSigned = registry.host() + "/sig/othersigned:1";
        skopeoSign(gnupg, writerConfig, unsigned, signed, trustedKey);
        skopeoSign(gnupg, writerConfig, other, otherSigned, trustedKey);
        signedDigest = digestOf(signed);
        otherDigest = digestOf(otherSigned);

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            Path file = lookaside.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(lookaside) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        http.start();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String run(Path gnupg, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GNUPGHOME", gnupg.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, process.exitValue(), command + ": " + out);
        return out;
    }

    private static String generateKey(Path gnupg, String name) throws Exception {
        Path parameters = work.resolve(name.replace(' ', '-') + ".params");
        Files.writeString(parameters, "Key-Type: RSA\nKey-Length: 2048\nName-Real: " + name
                + "\nName-Email: signer@orca.test\nExpire-Date: 0\n%no-protection\n%commit\n");
        String out = run(gnupg, List.of("gpg", "--batch", "--gen-key", parameters.toString()));
        String listing = run(gnupg, List.of("gpg", "--batch", "--with-colons", "--list-keys", name));
        return listing.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow(() ->
                new AssertionError("no key made: " + out)).split(":")[9];
    }

    private static Path export(Path gnupg, String key, String file) throws Exception {
        Path target = work.resolve(file);
        run(gnupg, List.of("gpg", "--batch", "--yes", "--output", target.toString(), "--export", key));
        return target;
    }

    private static void skopeoSign(Path gnupg, Path registriesD, String from, String to, String key)
            throws Exception {
        run(gnupg, List.of("skopeo", "--registries.d", registriesD.toString(), "copy", "--src-tls-verify=false",
                "--dest-tls-verify=false", "--sign-by", key, "docker://" + from, "docker://" + to));
    }

    private static String digestOf(String reference) throws Exception {
        return run(work, List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + reference)).strip();
    }

    private static final class Node {
        final Path dir;
        final Path policy;
        final Path registriesD;
        final Path policyDir;
        final SignaturePolicy service;

        Node(String lookasideBase) throws IOException {
            dir = Files.createTempDirectory(work, "node");
            policy = dir.resolve("policy.json");
            registriesD = Files.createDirectories(dir.resolve("registries.d"));
            policyDir = Files.createDirectories(dir.resolve("policies"));
            Files.writeString(registriesD.resolve("default.yaml"), "default-docker:\n  lookaside: " + lookasideBase
                    + "\n");
            service = new SignaturePolicy(policy, registriesD, Optional.of(policyDir), Duration.ofSeconds(10),
                    Clock.systemUTC());
        }

        Node policy(String json) throws IOException {
            Files.writeString(policy, json);
            return this;
        }

        Decision check(String reference, String digest, String namespace) {
            return service.check(new PolicyRequest(reference, digest, new byte[0], registry.host(), namespace,
                    SignatureSource.NONE));
        }
    }

    private static String signedBy(Path key) {
        return "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"" + registry.host()
                + "\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"" + key + "\"}]}}}";
    }

    private static Node fileNode() throws IOException {
        return new Node("file://" + lookaside);
    }

    @Test
    void anImageSignedByTheTrustedKeyIsAccepted() throws Exception {
        Decision decision = fileNode().policy(signedBy(trustedKeyFile)).check(signed, signedDigest, "");
        assertTrue(decision.accepted(), decision.reason());
    }

    @Test
    void signaturesAreReadOverHttpToo() throws Exception {
        Node node = new Node("http://127.0.0.1:" + http.getAddress().getPort()).policy(signedBy(trustedKeyFile));
        Decision decision = node.check(signed, signedDigest, "");
        assertTrue(decision.accepted(), decision.reason());
        Decision unsignedOne = node.check(unsigned, signedDigest, "");
        assertFalse(unsignedOne.accepted());
    }

    @Test
    void anUnsignedImageIsRefusedNamingThePolicyFileAndTheKey() throws Exception {
        Node node = fileNode().policy(signedBy(trustedKeyFile));
        Decision decision = node.check(unsigned, signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().startsWith(node.policy + ": no signature by key 0x"), decision.reason());
        assertTrue(decision.reason().contains("for this digest"), decision.reason());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        Decision decision = fileNode().policy(signedBy(otherKeyFile)).check(signed, signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("which the policy does not trust"), decision.reason());
    }

    @Test
    void aSignatureForAnotherDigestIsNoSignature() throws Exception {
        // The other image's signature, planted where this image's signatures are looked up.
        String[] d = signedDigest.split(":");
        String[] o = otherDigest.split(":");
        Path planted = Files.createDirectories(lookaside.resolve("sig/planted@" + d[0] + "=" + d[1]));
        Files.copy(lookaside.resolve("sig/othersigned@" + o[0] + "=" + o[1] + "/signature-1"),
                planted.resolve("signature-1"), StandardCopyOption.REPLACE_EXISTING);
        String policy = "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \""
                + trustedKeyFile + "\", \"signedIdentity\": {\"type\": \"matchRepository\"}}]}";
        Decision decision = fileNode().policy(policy).check(registry.host() + "/sig/planted:1", signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("is for another digest (" + otherDigest + ")"), decision.reason());
    }

    @Test
    void anIdentityTheRuleDoesNotAcceptIsRefused() throws Exception {
        String policy = "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \""
                + trustedKeyFile + "\", \"signedIdentity\": {\"type\": \"exactReference\", \"dockerReference\": \""
                + registry.host() + "/sig/elsewhere:1\"}}]}";
        Decision decision = fileNode().policy(policy).check(signed, signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().contains("which exactReference \"" + registry.host()
                + "/sig/elsewhere:1\" does not accept"), decision.reason());
    }

    @Test
    void aRejectScopeRefusesEvenASignedImage() throws Exception {
        String policy = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}], \"transports\": {\"docker\": {\""
                + registry.host() + "/sig\": [{\"type\": \"reject\"}]}}}";
        Decision decision = fileNode().policy(policy).check(signed, signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().endsWith("are rejected"), decision.reason());
    }

    @Test
    void aNamespacePolicyStricterThanTheNodesWinsForItsPods() throws Exception {
        Node node = fileNode().policy("{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Files.writeString(node.policyDir.resolve("strict.json"), signedBy(otherKeyFile));
        assertTrue(node.check(signed, signedDigest, "").accepted());
        assertTrue(node.check(signed, signedDigest, "relaxed").accepted());
        Decision strict = node.check(signed, signedDigest, "strict");
        assertFalse(strict.accepted());
        assertTrue(strict.reason().startsWith(node.policyDir.resolve("strict.json") + ": "), strict.reason());
    }

    @Test
    void aMalformedPolicyRefusesWithItsLineUntilFixedWithoutRestart() throws Exception {
        Node node = fileNode().policy("{\n  \"default\": [\n    {\"type\": \"signedBy\",}\n  ]\n}\n");
        Decision broken = node.check(signed, signedDigest, "");
        assertFalse(broken.accepted());
        assertTrue(broken.reason().startsWith(node.policy + " line 3: "), broken.reason());

        node.policy(signedBy(trustedKeyFile) + "\n");
        Decision fixed = node.check(signed, signedDigest, "");
        assertTrue(fixed.accepted(), fixed.reason());
    }

    @Test
    void aMissingPolicyRefusesEverything() throws Exception {
        Decision decision = fileNode().check(signed, signedDigest, "");
        assertFalse(decision.accepted());
        assertTrue(decision.reason().endsWith("policy.json: no such file"), decision.reason());
    }

}
