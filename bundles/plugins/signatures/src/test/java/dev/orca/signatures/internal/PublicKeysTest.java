package dev.orca.signatures.internal;

import dev.orca.testkit.CosignKeyFiles;
import dev.orca.testkit.CosignSignatures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The key types and signature encodings containers/image verifies sigstore signatures with, and no others. */
class PublicKeysTest {

    private static final byte[] PAYLOAD = "{\"critical\": {}}".getBytes(StandardCharsets.UTF_8);

    private static PublicKeys.Key key(KeyPair pair) {
        byte[] pem = CosignKeyFiles.pem("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.UTF_8);
        return new PublicKeys.Key("test", PublicKeys.parse(pem));
    }

    private static KeyPair generate(String algorithm, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    @Test
    void eachKeyTypeVerifiesItsOwnSignaturesOnly() throws Exception {
        for (KeyPair pair : new KeyPair[] {generate("EC", "secp256r1"), generate("EC", "secp384r1"),
                generate("EC", "secp521r1"), generate("Ed25519", null), generate("RSA", null)}) {
            PublicKeys.Key key = key(pair);
            byte[] signature = CosignSignatures.sign(PAYLOAD, pair.getPrivate());
            assertTrue(key.verifies(PAYLOAD, signature), pair.getPublic().getAlgorithm());
            assertFalse(key.verifies("{}".getBytes(StandardCharsets.UTF_8), signature));
            assertFalse(key.verifies(PAYLOAD, new byte[] {1, 2, 3}), "garbage is no signature, and no exception");
        }
    }

    @Test
    void otherCurvesAndBlocksAreRefusedWithTheReason() throws Exception {
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        byte[] pem = CosignKeyFiles.pem("PUBLIC KEY", k1.generateKeyPair().getPublic().getEncoded())
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("an ECDSA key on curve 1.3.132.0.10, not P-256, P-384 or P-521",
                assertThrows(IllegalArgumentException.class, () -> PublicKeys.parse(pem)).getMessage());
        byte[] certificate = CosignKeyFiles.pem("CERTIFICATE", new byte[] {48, 0}).getBytes(StandardCharsets.UTF_8);
        assertEquals("a PEM \"CERTIFICATE\" block, not \"PUBLIC KEY\"",
                assertThrows(IllegalArgumentException.class, () -> PublicKeys.parse(certificate)).getMessage());
        byte[] notPkix = CosignKeyFiles.pem("PUBLIC KEY", new byte[] {1, 2, 3}).getBytes(StandardCharsets.UTF_8);
        assertEquals("the PUBLIC KEY block is not a PKIX public key",
                assertThrows(IllegalArgumentException.class, () -> PublicKeys.parse(notPkix)).getMessage());
    }
}
