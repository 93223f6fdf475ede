package dev.orca.signatures.internal;

import dev.orca.testkit.RegistryApi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.GpgSigner.Algorithm;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GpgSignatures alone, on signatures skopeo made ({@code standalone-sign}) with gpg's keys: which revocations count,
 * and what a damaged signature opens to.
 */
class GpgSignaturesTest {

    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    private static GpgSigner gpg;
    private static String key;
    private static byte[] signature;
    private static byte[] keyring;
    private static PGPSignature ownRevocation;
    private static PGPSignature othersRevocation;
    private static String subkeyOwner;
    private static String subkey;
    private static byte[] subkeySignature;
    private static byte[] subkeyKeyring;
    private static PGPSignature subkeyRevocation;

    @BeforeAll
    static void signAndRevoke() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        key = gpg.generateKey("Unit Signer", Algorithm.ED25519, "0");
        signature = gpg.signManifest(MANIFEST, "registry.test/unit/app:1", key);
        keyring = Files.readAllBytes(gpg.export(key, "unit.gpg"));
        ownRevocation = signatureIn(Files.readAllBytes(gpg.revocationCertificate(key)));

        String other = gpg.generateKey("Unit Other", Algorithm.ED25519, "0");
        othersRevocation = signatureIn(Files.readAllBytes(gpg.revocationCertificate(other)));

        subkeyOwner = gpg.generateKey("Unit Subkey Owner", Algorithm.ED25519, "0");
        subkey = gpg.addSigningSubkey(subkeyOwner, "0");
        subkeySignature = gpg.signManifest(MANIFEST, "registry.test/unit/app:1", subkeyOwner);
        subkeyKeyring = Files.readAllBytes(gpg.export(subkeyOwner, "unit-subkey.gpg"));
        gpg.revokeSubkey(subkeyOwner, 1);
        PGPPublicKeyRing revoked = ring(Files.readAllBytes(gpg.export(subkeyOwner, "unit-subkey-revoked.gpg")));
        subkeyRevocation = revoked.getPublicKey(Long.parseUnsignedLong(subkey.substring(24), 16))
                .getSignaturesOfType(PGPSignature.SUBKEY_REVOCATION).next();
    }

    private static PGPSignature signatureIn(byte[] armored) throws Exception {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            return ((PGPSignatureList) new JcaPGPObjectFactory(in).nextObject()).get(0);
        }
    }

    private static PGPPublicKeyRing ring(byte[] keyring) throws Exception {
        return GpgSignatures.keyrings(List.of(keyring)).getKeyRings().next();
    }

    /** The same signature with the last byte of its signature value changed: it no longer verifies. */
    private static PGPSignature corrupted(PGPSignature sig) throws Exception {
        byte[] bytes = sig.getEncoded();
        bytes[bytes.length - 1] ^= 0x01;
        return signatureIn(bytes);
    }

    /** The keyring with one more signature on one of its keys, written out and read back as a key file is. */
    private static PGPPublicKeyRingCollection with(byte[] keyring, String fingerprint, PGPSignature added)
            throws Exception {
        PGPPublicKeyRing ring = ring(keyring);
        PGPPublicKey target = ring.getPublicKey(Long.parseUnsignedLong(fingerprint.substring(24), 16));
        ring = PGPPublicKeyRing.insertPublicKey(ring, PGPPublicKey.addCertification(target, added));
        return GpgSignatures.keyrings(List.of(ring.getEncoded()));
    }

    private static GpgSignatures.Opened open(byte[] signature, PGPPublicKeyRingCollection trusted) {
        return GpgSignatures.open(signature, trusted, Instant.now());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void aSkopeoSignatureOpensToItsPayload() throws Exception {
        GpgSignatures.Opened opened = open(signature, GpgSignatures.keyrings(List.of(keyring)));
        assertTrue(opened.trusted(), opened.failure());
        SimpleSigningPayload payload = SimpleSigningPayload.parse(opened.payload(),
                SimpleSigningPayload.SIMPLE_SIGNING);
        assertEquals(RegistryApi.sha256(MANIFEST), payload.manifestDigest());
        assertEquals("registry.test/unit/app:1", payload.dockerReference());
    }

    @Test
    void theKeysOwnRevocationRevokesIt() throws Exception {
        GpgSignatures.Opened opened = open(signature, with(keyring, key, ownRevocation));
        assertFalse(opened.trusted());
        assertEquals("key " + GpgSigner.keyId(key) + " is revoked", opened.failure());
    }

    @Test
    void aRevocationThatDoesNotVerifyDoesNotCount() throws Exception {
        GpgSignatures.Opened forged = open(signature, with(keyring, key, corrupted(ownRevocation)));
        assertTrue(forged.trusted(), forged.failure());
        GpgSignatures.Opened byAnother = open(signature, with(keyring, key, othersRevocation));
        assertTrue(byAnother.trusted(), byAnother.failure());
    }

    @Test
    void aSubkeyRevocationCountsOnlyWhenItVerifies() throws Exception {
        GpgSignatures.Opened good = open(subkeySignature, GpgSignatures.keyrings(List.of(subkeyKeyring)));
        assertTrue(good.trusted(), good.failure());
        assertEquals(GpgSigner.keyId(subkey), good.keyId());

        GpgSignatures.Opened revoked = open(subkeySignature, with(subkeyKeyring, subkey, subkeyRevocation));
        assertEquals("key " + GpgSigner.keyId(subkey) + " is revoked", revoked.failure());
        GpgSignatures.Opened forged = open(subkeySignature, with(subkeyKeyring, subkey, corrupted(subkeyRevocation)));
        assertTrue(forged.trusted(), forged.failure());
    }

    @Test
    void noChangedByteOfASignatureOpensToAnotherPayload() throws Exception {
        PGPPublicKeyRingCollection trusted = GpgSignatures.keyrings(List.of(keyring));
        byte[] original = open(signature, trusted).payload();
        assertNotNull(original);
        int refused = 0;
        for (int i = 0; i < signature.length; i++) {
            for (int flip : new int[] {0x01, 0x80}) {
                byte[] damaged = signature.clone();
                damaged[i] ^= (byte) flip;
                GpgSignatures.Opened opened = open(damaged, trusted);
                if (opened.trusted()) {
                    // Bytes the signature does not cover (the literal packet's name and date, unhashed data).
                    assertArrayEquals(original, opened.payload(), "byte " + i + " changed the payload");
                } else {
                    refused++;
                    assertNotNull(opened.failure());
                }
            }
        }
        assertTrue(refused > signature.length, refused + " of " + 2 * signature.length + " damaged copies refused");
    }
}
