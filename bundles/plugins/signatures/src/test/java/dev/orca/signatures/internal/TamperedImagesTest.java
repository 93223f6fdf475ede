package dev.orca.signatures.internal;

import dev.orca.testkit.RegistryApi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.GpgSigner.Algorithm;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an attacker who controls the registry or the signature store can change, on a real signed image: the
 * manifest behind a signed tag (a raw PUT through the registry's v2 API), the signature's bytes, its claims.
 */
class TamperedImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static GpgSigner gpg;
    private static TestRegistry registry;
    private static Path keyFile;
    private static String image;
    private static String signedDigest;
    private static byte[] tamperedManifest;
    private static String tamperedDigest;

    @BeforeAll
    static void signThenTamper() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        String key = gpg.generateKey("Tamper Signer", Algorithm.ED25519, "0");
        keyFile = gpg.export(key, "tamper.gpg");
        registry = TestRegistry.plain();
        String unsigned = TestImages.singleLayer(registry, "tamper/unsigned:1").reference();
        image = registry.host() + "/tamper/app:1";
        gpg.sign(unsigned, image, key);
        signedDigest = gpg.digestOf(image);

        // The same layers and config under the same tag, in a manifest with one more annotation.
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifest());
        manifest.putObject("annotations").put("org.example.tampered", "yes");
        RegistryApi.putManifest(registry, "tamper/app", "1", JSON.writeValueAsBytes(manifest));
        tamperedManifest = manifest();
        tamperedDigest = RegistryApi.sha256(tamperedManifest);
        assertNotEquals(signedDigest, tamperedDigest);
    }

    private static URI manifestUri() {
        return URI.create(registry.url() + "/v2/tamper/app/manifests/1");
    }

    /** The manifest the registry now serves for the tag, as a puller gets it. */
    private static byte[] manifest() throws Exception {
        HttpResponse<byte[]> get = registry.httpClient().send(HttpRequest.newBuilder(manifestUri())
                .header("Accept", RegistryApi.OCI_MANIFEST).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        return get.body();
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    private static Decision check(String digest, byte[] manifest) throws Exception {
        return new PolicyNode(gpg.directory(), "file://" + gpg.lookaside()).policy(PolicyNode.signedBy(keyFile))
                .check(image, digest, manifest, "");
    }

    private static void assertRefused(Decision decision, String reason) {
        assertFalse(decision.accepted(), decision.reason());
        assertTrue(decision.reason().contains(reason), "expected \"" + reason + "\" in: " + decision.reason());
    }

    /** A copy of the image's signature, planted where the tampered manifest's signatures are looked up. */
    private static void plantForTheTamperedManifest(byte[] signature) throws Exception {
        Path target = gpg.signatureFile("tamper/app", tamperedDigest, 1);
        Files.createDirectories(target.getParent());
        Files.write(target, signature);
    }

    private static byte[] signature() throws Exception {
        return Files.readAllBytes(gpg.signatureFile("tamper/app", signedDigest, 1));
    }

    @Test
    void aManifestChangedBehindTheSignedTagIsRefused() throws Exception {
        Files.deleteIfExists(gpg.signatureFile("tamper/app", tamperedDigest, 1));
        assertRefused(check(tamperedDigest, tamperedManifest), "for this digest (none found)");
        // The attacker copies the old signature beside the new manifest: it is for the signed digest, not this one.
        plantForTheTamperedManifest(signature());
        assertRefused(check(tamperedDigest, tamperedManifest), "is for another digest (" + signedDigest + ")");
        Decision signed = check(signedDigest, new byte[0]);
        assertTrue(signed.accepted(), signed.reason());
    }

    @Test
    void aSignatureWhosePayloadWasRewrittenDoesNotVerify() throws Exception {
        // The signed payload rewritten to claim the tampered digest, the signature packet kept.
        String payload = new String(payload(signature()), StandardCharsets.UTF_8);
        assertTrue(payload.contains(signedDigest), payload);
        plantForTheTamperedManifest(signedMessage(signature(), payload.replace(signedDigest, tamperedDigest)));
        assertRefused(check(tamperedDigest, tamperedManifest), " does not verify");
    }

    @Test
    void aSignatureWithAChangedByteIsRefused() throws Exception {
        byte[] damaged = signature();
        damaged[damaged.length / 2] ^= (byte) 0xFF;
        Path file = gpg.signatureFile("tamper/app", signedDigest, 1);
        byte[] original = Files.readAllBytes(file);
        Files.write(file, damaged);
        try {
            Decision decision = check(signedDigest, new byte[0]);
            assertFalse(decision.accepted(), decision.reason());
            assertTrue(decision.reason().matches(".*\\(signature-1: (the signature by key 0x[0-9A-F]{16}"
                    + " does not verify|not a valid OpenPGP signature: .+)\\)$"), decision.reason());
        } finally {
            Files.write(file, original);
        }
    }

    private static byte[] payload(byte[] signature) throws Exception {
        return parts(signature).literal;
    }

    private record Parts(PGPOnePassSignatureList onePass, byte[] literal, PGPSignatureList signatures) {
    }

    private static Parts parts(byte[] signature) throws Exception {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
            Object next = objects.nextObject();
            if (next instanceof PGPCompressedData compressed) {
                objects = new JcaPGPObjectFactory(compressed.getDataStream());
                next = objects.nextObject();
            }
            PGPOnePassSignatureList onePass = (PGPOnePassSignatureList) next;
            byte[] literal = ((PGPLiteralData) objects.nextObject()).getInputStream().readAllBytes();
            return new Parts(onePass, literal, (PGPSignatureList) objects.nextObject());
        }
    }

    /** The signed message again, uncompressed, around another payload. */
    private static byte[] signedMessage(byte[] signature, String payload) throws Exception {
        Parts parts = parts(signature);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.onePass().get(0).encode(out);
        try (OutputStream literal = new PGPLiteralDataGenerator().open(out, PGPLiteralData.BINARY, "", bytes.length,
                new Date())) {
            literal.write(bytes);
        }
        parts.signatures().get(0).encode(out);
        return out.toByteArray();
    }
}
