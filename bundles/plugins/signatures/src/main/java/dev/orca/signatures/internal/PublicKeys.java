package dev.orca.signatures.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Sigstore public keys as containers/image reads them: a PEM {@code PUBLIC KEY} block (PKIX), ECDSA on P-256, P-384
 * or P-521, Ed25519, or RSA; signatures over the payload with SHA-256 (ECDSA as ASN.1 DER, RSA as PKCS #1 v1.5),
 * Ed25519 over the payload itself. The JDK verifies; BouncyCastle only reads the PEM and the key's algorithm
 * identifier.
 */
final class PublicKeys {

    /** More than this is not a public key file. */
    private static final int MAX_KEY_BYTES = 64 * 1024;
    /** RFC 8410's id-Ed25519 (its BouncyCastle constant lives in bcutil, which this bundle does not need). */
    private static final String ED25519 = "1.3.101.112";
    /** The named curves of P-256, P-384 and P-521. */
    private static final Set<String> CURVES = Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35");

    /** One trusted key and how messages name it: its file, or a fingerprint of inline key data. */
    record Key(String name, PublicKey key) {

        boolean verifies(byte[] payload, byte[] signature) {
            try {
                Signature verifier = Signature.getInstance(switch (key.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    default -> "Ed25519";
                });
                verifier.initVerify(key);
                verifier.update(payload);
                return verifier.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false; // a signature that cannot be decoded verifies nothing
            }
        }
    }

    private PublicKeys() {
    }

    /** The keys a sigstoreSigned requirement names, read now; the message names the key that cannot be used. */
    static List<Key> load(Requirement.SigstoreSigned requirement) throws IOException {
        List<Key> keys = new ArrayList<>();
        for (Path path : requirement.keyPaths()) {
            try {
                keys.add(new Key(path.toString(), parse(read(path))));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
        }
        for (byte[] data : requirement.keyData()) {
            try {
                PublicKey key = parse(data);
                keys.add(new Key("keyData " + fingerprint(key), key));
            } catch (IllegalArgumentException e) {
                throw new IOException("keyData: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static byte[] read(Path path) throws IOException {
        try {
            if (Files.size(path) > MAX_KEY_BYTES) {
                throw new IOException(path + ": larger than a public key can be");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file", e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with the PEM */
    static PublicKey parse(byte[] pem) {
        PemObject block;
        try (PemReader reader = new PemReader(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM file: " + e.getMessage());
        }
        if (block == null) {
            throw new IllegalArgumentException("no PEM block in it");
        }
        if (!block.getType().equals("PUBLIC KEY")) {
            throw new IllegalArgumentException("a PEM \"" + block.getType() + "\" block, not \"PUBLIC KEY\"");
        }
        String algorithm = algorithm(block.getContent());
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.getContent()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid " + algorithm + " public key: " + e.getMessage());
        }
    }

    /** The JDK's name for the key's algorithm, from the PKIX algorithm identifier; the curves sigstore allows. */
    private static String algorithm(byte[] der) {
        AlgorithmIdentifier id;
        try {
            id = SubjectPublicKeyInfo.getInstance(der).getAlgorithm();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the PUBLIC KEY block is not a PKIX public key");
        }
        if (id.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            String curve = String.valueOf(id.getParameters());
            if (!CURVES.contains(curve)) {
                throw new IllegalArgumentException("an ECDSA key on curve " + curve
                        + ", not P-256, P-384 or P-521");
            }
            return "EC";
        }
        if (id.getAlgorithm().getId().equals(ED25519)) {
            return "Ed25519";
        }
        if (id.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        throw new IllegalArgumentException("a key of algorithm " + id.getAlgorithm()
                + ", not ECDSA (P-256, P-384, P-521), Ed25519 or RSA");
    }

    /** {@code SHA256:<hex>} of the key's PKIX encoding, shortened: enough to tell keys apart in a message. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
