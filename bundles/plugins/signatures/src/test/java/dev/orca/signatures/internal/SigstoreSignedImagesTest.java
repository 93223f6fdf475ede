package dev.orca.signatures.internal;

import dev.orca.testkit.CosignKeyFiles;
import dev.orca.testkit.CosignSignatures;
import dev.orca.testkit.RegistryApi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.image.internal.config.PullSource;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.image.internal.registry.RegistryClient;
import dev.orca.image.internal.registry.RegistrySignatureSource;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.spi.policy.SignatureSource;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sigstore signatures in a real registry: key pairs in cosign's format, images pushed to Debian's registry and signed
 * as {@code sha256-<hex>.sig} attachments, read back through the image store's own {@link RegistrySignatureSource}.
 * skopeo signs ({@code --sign-by-sigstore-private-key}) where its build can; Debian's 1.9.3 cannot (built with
 * sigstore disabled), and there {@link CosignSignatures} writes them in the same format. Forged attachments are
 * pushed through the registry API.
 */
class SigstoreSignedImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestRegistry registry;
    private static RegistryClient client;
    private static Path work;
    private static CosignKeyFiles.Pair trusted;
    private static CosignKeyFiles.Pair other;
    private static String unsigned;
    private static String signed;
    private static String signedDigest;
    private static String otherDigest;
    /** Whether skopeo signs here; found out on the first signature. */
    private static boolean skopeoSigns = true;

    @BeforeAll
    static void signImages() throws Exception {
        assumeTrue(onPath("skopeo"), "skopeo is needed to copy images and signatures between repositories: skipped");
        work = Files.createTempDirectory("orca-sigstore");
        trusted = CosignKeyFiles.ecdsa(work, "trusted", "secp256r1");
        other = CosignKeyFiles.ecdsa(work, "other", "secp256r1");
        registry = TestRegistry.plain();
        client = new RegistryClient(Duration.ofSeconds(30));
        unsigned = TestImages.singleLayer(registry, "cosign/app:1").reference();
        String otherImage = TestImages.multiLayer(registry, "cosign/other:1").reference();
        signed = registry.host() + "/cosign/signed:1";
        sign(trusted, unsigned, signed);
        sign(trusted, otherImage, registry.host() + "/cosign/othersigned:1");
        signedDigest = digestOf(signed);
        otherDigest = digestOf(registry.host() + "/cosign/othersigned:1");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command + " did not finish");
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + ": " + out);
        }
        return out;
    }

    /**
     * Copies {@code from} to {@code to} and signs it there with {@code key}, claiming {@code to} as its identity:
     * skopeo does both when it can (the writer's registries.d turns attachments on), else skopeo copies and
     * {@link CosignSignatures} attaches the signature.
     */
    private static void sign(CosignKeyFiles.Pair key, String from, String to) throws Exception {
        if (skopeoSigns) {
            Path writer = Files.createDirectories(work.resolve("writer-registries.d"));
            Files.writeString(writer.resolve("default.yaml"), "default-docker:\n  use-sigstore-attachments: true\n");
            try {
                run(List.of("skopeo", "--insecure-policy", "--registries.d", writer.toString(), "copy", "--quiet",
                        "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key",
                        key.privateKey().toString(), "--sign-passphrase-file", key.passphraseFile().toString(),
                        "docker://" + from, "docker://" + to));
                return;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("sigstore disabled")) {
                    throw e;
                }
                skopeoSigns = false;
            }
        }
        copy(from, to);
        String repository = to.substring(to.indexOf('/') + 1, to.lastIndexOf(':'));
        CosignSignatures.attach(registry, repository, digestOf(to), to, key.keys().getPrivate());
    }

    /** A plain copy, attachments and all as ordinary images (the reader's registries.d is empty). */
    private static void copy(String from, String to) throws Exception {
        Path plain = Files.createDirectories(work.resolve("plain-registries.d"));
        run(List.of("skopeo", "--insecure-policy", "--registries.d", plain.toString(), "copy", "--quiet",
                "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + from,
                "docker://" + to));
    }

    private static String digestOf(String reference) throws Exception {
        return run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + reference)).strip();
    }

    private static String sigTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    /** The image store's signature source for an image, as a pull of it would make it. */
    private static SignatureSource sourceFor(String reference) {
        return new RegistrySignatureSource(client, new PullSource(ImageReference.parse(reference), true),
                RegistryCredentials.ANONYMOUS);
    }

    private static final class Node {
        final Path dir;
        final Path policy;
        final Path registriesD;
        final SignaturePolicy service;

        Node(String registriesYaml) throws IOException {
            dir = Files.createTempDirectory(work, "node");
            policy = dir.resolve("policy.json");
            registriesD = Files.createDirectories(dir.resolve("registries.d"));
            Files.writeString(registriesD.resolve("default.yaml"), registriesYaml);
            service = new SignaturePolicy(policy, registriesD, Optional.empty(), Duration.ofSeconds(10),
                    Clock.systemUTC());
        }

        Node policy(String json) throws IOException {
            Files.writeString(policy, json);
            return this;
        }

        Decision check(String reference, String digest) {
            return check(reference, digest, sourceFor(reference));
        }

        Decision check(String reference, String digest, SignatureSource source) {
            return service.check(new PolicyRequest(reference, digest, new byte[0], registry.host(), "", source));
        }
    }

    private static Node node() throws IOException {
        return new Node("default-docker:\n  use-sigstore-attachments: true\n");
    }

    /** sigstoreSigned for the test registry with {@code keyFields} (a JSON fragment), everything else rejected. */
    private static String sigstoreSigned(String keyFields) {
        return "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"" + registry.host()
                + "\": [{\"type\": \"sigstoreSigned\", " + keyFields + "}]}}}";
    }

    private static String keyPath(Path key) {
        return "\"keyPath\": \"" + key + "\"";
    }

    private static void assertRefused(Decision decision, String... parts) {
        assertFalse(decision.accepted(), decision.reason());
        for (String part : parts) {
            assertTrue(decision.reason().contains(part), "\"" + part + "\" not in: " + decision.reason());
        }
    }

    @Test
    void anImageSignedByTheTrustedKeyIsAccepted() throws Exception {
        Decision decision = node().policy(sigstoreSigned(keyPath(trusted.publicKey()))).check(signed, signedDigest);
        assertTrue(decision.accepted(), decision.reason());
    }

    @Test
    void theKeyMayBeGivenInlineOrAmongOthers() throws Exception {
        String keyData = Base64.getEncoder().encodeToString(Files.readAllBytes(trusted.publicKey()));
        Decision inline = node().policy(sigstoreSigned("\"keyData\": \"" + keyData + "\"")).check(signed,
                signedDigest);
        assertTrue(inline.accepted(), inline.reason());
        Decision among = node().policy(sigstoreSigned("\"keyPaths\": [\"" + other.publicKey() + "\", \""
                + trusted.publicKey() + "\"]")).check(signed, signedDigest);
        assertTrue(among.accepted(), among.reason());
    }

    @Test
    void aRelativeKeyPathIsTheDirectoryOfThePolicys() throws Exception {
        Node node = node();
        Files.copy(trusted.publicKey(), node.dir.resolve("cosign.pub"));
        Decision decision = node.policy(sigstoreSigned("\"keyPath\": \"cosign.pub\"")).check(signed, signedDigest);
        assertTrue(decision.accepted(), decision.reason());
    }

    @Test
    void anUnsignedImageIsRefusedNamingThePolicyFileAndTheKey() throws Exception {
        Node node = node().policy(sigstoreSigned(keyPath(trusted.publicKey())));
        Decision decision = node.check(unsigned, signedDigest);
        assertRefused(decision);
        assertEquals(node.policy + ": no sigstore signature by key " + trusted.publicKey() + " for this digest "
                + "(none found at cosign/app:" + sigTag(signedDigest) + ")", decision.reason());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        Decision decision = node().policy(sigstoreSigned(keyPath(other.publicKey()))).check(signed, signedDigest);
        assertRefused(decision, "no sigstore signature by key " + other.publicKey(),
                "does not verify with the trusted key");
    }

    @Test
    void aSignatureForAnotherDigestIsNoSignature() throws Exception {
        // The other image's attachment, planted where this digest's signatures are looked up.
        String planted = registry.host() + "/cosign/planted";
        copy(registry.host() + "/cosign/othersigned:" + sigTag(otherDigest), planted + ":" + sigTag(signedDigest));
        String policy = "{\"default\": [{\"type\": \"sigstoreSigned\", " + keyPath(trusted.publicKey())
                + ", \"signedIdentity\": {\"type\": \"matchRepository\"}}]}";
        Decision decision = node().policy(policy).check(planted + ":1", signedDigest);
        assertRefused(decision, "is for another digest (" + otherDigest + ")");
    }

    @Test
    void aTamperedSignatureOrPayloadDoesNotVerify() throws Exception {
        String policy = sigstoreSigned(keyPath(trusted.publicKey()) + ", \"signedIdentity\": {\"type\": "
                + "\"exactReference\", \"dockerReference\": \"" + signed + "\"}");
        Node node = node().policy(policy);
        String copied = registry.host() + "/cosign/copied";
        copy(registry.host() + "/cosign/signed:" + sigTag(signedDigest), copied + ":" + sigTag(signedDigest));
        Decision untouched = node.check(copied + ":1", signedDigest);
        assertTrue(untouched.accepted(), "the copy as pushed verifies: " + untouched.reason());

        ObjectNode manifest = sigManifest("cosign/copied", signedDigest);
        ObjectNode layer = (ObjectNode) manifest.get("layers").get(0);
        byte[] signature = Base64.getDecoder().decode(layer.path("annotations").path(
                CosignAttachments.SIGNATURE_ANNOTATION).asText());
        signature[signature.length - 1] ^= 1;
        ((ObjectNode) layer.get("annotations")).put(CosignAttachments.SIGNATURE_ANNOTATION,
                Base64.getEncoder().encodeToString(signature));
        RegistryApi.putManifest(registry, "cosign/copied", sigTag(signedDigest),
                JSON.writeValueAsBytes(manifest));
        assertRefused(node.check(copied + ":1", signedDigest), "does not verify with the trusted key");

        ObjectNode original = sigManifest("cosign/signed", signedDigest);
        ObjectNode originalLayer = (ObjectNode) original.get("layers").get(0);
        String payload = new String(blob("cosign/signed", originalLayer.get("digest").asText()),
                StandardCharsets.UTF_8);
        // A change the policy would accept if it were signed: only the signature stands in the way.
        String forged = payload.replace("\"creator\":\"", "\"creator\":\"forged ");
        assertFalse(forged.equals(payload), payload);
        byte[] forgedBytes = forged.getBytes(StandardCharsets.UTF_8);
        originalLayer.put("digest", RegistryApi.pushBlob(registry, "cosign/copied", forgedBytes))
                .put("size", forgedBytes.length);
        RegistryApi.putManifest(registry, "cosign/copied", sigTag(signedDigest),
                JSON.writeValueAsBytes(original));
        assertRefused(node.check(copied + ":1", signedDigest), "does not verify with the trusted key");
    }

    @Test
    void anIdentityTheRuleDoesNotAcceptIsRefused() throws Exception {
        String policy = sigstoreSigned(keyPath(trusted.publicKey()) + ", \"signedIdentity\": {\"type\": "
                + "\"exactReference\", \"dockerReference\": \"" + registry.host() + "/cosign/elsewhere:1\"}");
        Decision decision = node().policy(policy).check(signed, signedDigest);
        assertRefused(decision, "is for \"" + signed + "\", which exactReference \"" + registry.host()
                + "/cosign/elsewhere:1\" does not accept");
    }

    @Test
    void withoutAttachmentsForTheScopeThereAreNoSignatures() throws Exception {
        String policy = sigstoreSigned(keyPath(trusted.publicKey()));
        assertRefused(new Node("default-docker:\n  lookaside: file:///nowhere\n").policy(policy).check(signed,
                signedDigest), "use-sigstore-attachments is off in registries.d for " + registry.host()
                + "/cosign/signed");
        Node offForTheRepository = new Node("default-docker:\n  use-sigstore-attachments: true\ndocker:\n  "
                + registry.host() + "/cosign/signed:\n    use-sigstore-attachments: false\n").policy(policy);
        assertRefused(offForTheRepository.check(signed, signedDigest), "use-sigstore-attachments is off");
        Node onForTheRegistry = new Node("default-docker:\n  use-sigstore-attachments: false\ndocker:\n  "
                + registry.host() + ":\n    use-sigstore-attachments: true\n").policy(policy);
        Decision decision = onForTheRegistry.check(signed, signedDigest);
        assertTrue(decision.accepted(), decision.reason());
    }

    @Test
    void keylessVerificationIsRefused() throws Exception {
        String policy = sigstoreSigned("\"fulcio\": {\"caPath\": \"/etc/fulcio.pem\", \"oidcIssuer\": "
                + "\"https://oauth2.sigstore.dev/auth\", \"subjectEmail\": \"signer@orca.test\"}, "
                + "\"rekorPublicKeyPath\": \"/etc/rekor.pub\"");
        assertRefused(node().policy(policy).check(signed, signedDigest),
                "keyless (fulcio) verification is not supported");
    }

    @Test
    void aKeyThatIsNotAPublicKeyRefusesWithTheReason() throws Exception {
        Node node = node();
        assertRefused(node.policy(sigstoreSigned(keyPath(trusted.privateKey()))).check(signed, signedDigest),
                "cannot read the sigstore public key " + trusted.privateKey() + ": a PEM \""
                        + CosignKeyFiles.PRIVATE_KEY_LABEL + "\" block, not \"PUBLIC KEY\"");
        Path garbage = Files.writeString(node.dir.resolve("garbage.pub"), "not a key\n");
        assertRefused(node.policy(sigstoreSigned(keyPath(garbage))).check(signed, signedDigest),
                garbage + ": no PEM block in it");
        assertRefused(node.policy(sigstoreSigned(keyPath(node.dir.resolve("missing.pub")))).check(signed,
                signedDigest), node.dir.resolve("missing.pub") + ": no such file");
    }

    @Test
    void aRegistryThatCannotBeReachedRefusesWithTheCause() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Decision decision = node().policy(sigstoreSigned(keyPath(trusted.publicKey()))).check(signed, signedDigest,
                sourceFor("127.0.0.1:" + closed + "/cosign/signed:1"));
        assertRefused(decision, "cannot read the sigstore signatures: ");
    }

    @Test
    void otherKeyTypesSkopeoSignsWithVerifyToo() throws Exception {
        List<CosignKeyFiles.Pair> keys = new ArrayList<>(List.of(CosignKeyFiles.ecdsa(work, "p384", "secp384r1"),
                CosignKeyFiles.ecdsa(work, "p521", "secp521r1"), CosignKeyFiles.ed25519(work, "ed25519")));
        for (CosignKeyFiles.Pair key : keys) {
            String name = key.publicKey().getFileName().toString().replace(".pub", "");
            String target = registry.host() + "/cosign/" + name + ":1";
            sign(key, unsigned, target);
            Decision decision = node().policy(sigstoreSigned(keyPath(key.publicKey()))).check(target, signedDigest);
            assertTrue(decision.accepted(), name + ": " + decision.reason());
        }
    }

    private static ObjectNode sigManifest(String repository, String digest) throws Exception {
        return (ObjectNode) JSON.readTree(sourceFor(registry.host() + "/" + repository + ":1")
                .manifest(repository, sigTag(digest)).orElseThrow());
    }

    private static byte[] blob(String repository, String digest) throws Exception {
        return sourceFor(registry.host() + "/" + repository + ":1").blob(repository, digest);
    }
}
