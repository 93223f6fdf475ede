package dev.orca.signatures.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Opens a simple-signing signature (an OpenPGP signed message, as {@code gpg --sign} and skopeo write it) against
 * trusted keyrings: the payload when a trusted, unexpired, unrevoked key made it, else why not.
 */
final class GpgSignatures {

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    /** The signed payload and the key that signed it, or the reason it is not trusted. */
    record Opened(byte[] payload, String keyId, String failure) {
        boolean trusted() {
            return failure == null;
        }
    }

    private GpgSignatures() {
    }

    static PGPPublicKeyRingCollection keyrings(List<byte[]> keyrings) throws IOException {
        List<PGPPublicKeyRing> rings = new java.util.ArrayList<>();
        for (byte[] bytes : keyrings) {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
                PGPPublicKeyRingCollection one = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
                one.getKeyRings().forEachRemaining(rings::add);
            } catch (PGPException | RuntimeException e) {
                throw new IOException("not an OpenPGP public keyring: " + e.getMessage(), e);
            }
        }
        return new PGPPublicKeyRingCollection(rings);
    }

    static Opened open(byte[] signature, PGPPublicKeyRingCollection trusted, Instant now) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
            Object next = objects.nextObject();
            if (next instanceof PGPCompressedData compressed) {
                objects = new JcaPGPObjectFactory(compressed.getDataStream());
                next = objects.nextObject();
            }
            if (!(next instanceof PGPOnePassSignatureList onePassList) || onePassList.isEmpty()) {
                return failed("", "not an OpenPGP signed message");
            }
            PGPOnePassSignature onePass = onePassList.get(0);
            String keyId = keyId(onePass.getKeyID());
            if (!(objects.nextObject() instanceof PGPLiteralData literal)) {
                return failed(keyId, "the signed message has no literal data");
            }
            byte[] payload = literal.getInputStream().readAllBytes();
            if (!(objects.nextObject() instanceof PGPSignatureList signatures) || signatures.isEmpty()) {
                return failed(keyId, "the signed message has no signature packet");
            }
            PGPSignature sig = signatures.get(0);
            PGPPublicKey key = trusted.getPublicKey(onePass.getKeyID());
            if (key == null) {
                return failed(keyId, "signed by key " + keyId + ", which the policy does not trust");
            }
            onePass.init(new JcaPGPContentVerifierBuilderProvider().setProvider(PROVIDER), key);
            onePass.update(payload);
            if (sig.getKeyID() != onePass.getKeyID() || !onePass.verify(sig)) {
                return failed(keyId, "the signature by key " + keyId + " does not verify");
            }
            String unusable = unusable(trusted.getPublicKeyRing(onePass.getKeyID()), key, now);
            if (unusable != null) {
                return failed(keyId, "key " + keyId + " " + unusable);
            }
            return new Opened(payload, keyId, null);
        } catch (IOException | PGPException | RuntimeException e) {
            return failed("", "not a valid OpenPGP signature: " + e.getMessage());
        }
    }

    /** Revoked or expired: the signing key, or the primary key it belongs to. */
    private static String unusable(PGPPublicKeyRing ring, PGPPublicKey key, Instant now) {
        PGPPublicKey primary = ring.getPublicKey();
        for (PGPPublicKey checked : List.of(primary, key)) {
            if (checked.hasRevocation()) {
                return checked == key ? "is revoked" : "(its primary key " + keyId(primary.getKeyID())
                        + ") is revoked";
            }
            long valid = checked.getValidSeconds();
            if (valid > 0 && checked.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
                return "expired on " + checked.getCreationTime().toInstant().plusSeconds(valid);
            }
        }
        return null;
    }

    private static Opened failed(String keyId, String why) {
        return new Opened(null, keyId, why);
    }

    static String keyId(long id) {
        return "0x" + HexFormat.of().withUpperCase().formatHex(java.nio.ByteBuffer.allocate(8).putLong(id).array());
    }

    static String fingerprints(PGPPublicKeyRingCollection rings) {
        StringBuilder ids = new StringBuilder();
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext();) {
            ids.append(ids.length() == 0 ? "" : ", ").append(keyId(it.next().getPublicKey().getKeyID()));
        }
        return ids.toString();
    }
}
