package dev.orca.signatures.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPadding;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
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

    /**
     * The keys of all the keyrings. Copies of one key are joined, as gpg imports them: BouncyCastle would keep the
     * last copy only, and so forget a revocation that an earlier file carries.
     */
    static PGPPublicKeyRingCollection keyrings(List<byte[]> keyrings) throws IOException {
        Map<Long, PGPPublicKeyRing> rings = new LinkedHashMap<>();
        for (byte[] bytes : keyrings) {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
                JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
                for (Object next = objects.nextObject(); next != null; next = objects.nextObject()) {
                    if (next instanceof PGPMarker || next instanceof PGPPadding) {
                        continue;
                    }
                    if (!(next instanceof PGPPublicKeyRing ring)) {
                        throw new PGPException(next.getClass().getSimpleName() + " where a public key was expected");
                    }
                    rings.merge(ring.getPublicKey().getKeyID(), ring, GpgSignatures::join);
                }
            } catch (PGPException | RuntimeException e) {
                throw new IOException("not an OpenPGP public keyring: " + e.getMessage(), e);
            }
        }
        return new PGPPublicKeyRingCollection(rings.values());
    }

    private static PGPPublicKeyRing join(PGPPublicKeyRing first, PGPPublicKeyRing second) {
        try {
            return PGPPublicKeyRing.join(first, second);
        } catch (PGPException e) {
            throw new IllegalArgumentException("cannot join two copies of key " + keyId(first.getPublicKey().getKeyID())
                    + ": " + e.getMessage(), e);
        }
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
            String unusable = unusable(trusted.getPublicKeyRing(onePass.getKeyID()), key, sig, now);
            if (unusable != null) {
                return failed(keyId, unusable);
            }
            return new Opened(payload, keyId, null);
        } catch (IOException | PGPException | RuntimeException e) {
            return failed("", "not a valid OpenPGP signature: " + e.getMessage());
        }
    }

    /** Revoked or expired: the signing key, the primary key it belongs to, or the signature itself. */
    private static String unusable(PGPPublicKeyRing ring, PGPPublicKey key, PGPSignature sig, Instant now) {
        PGPPublicKey primary = ring.getPublicKey();
        String signer = "key " + keyId(key.getKeyID());
        for (PGPPublicKey checked : List.of(primary, key)) {
            String which = checked == key ? signer : signer + " (its primary key " + keyId(primary.getKeyID()) + ")";
            if (revoked(primary, checked)) {
                return which + " is revoked";
            }
            long valid = validSeconds(primary, checked);
            Instant expiry = checked.getCreationTime().toInstant().plusSeconds(valid);
            if (valid > 0 && expiry.isBefore(now)) {
                return which + " expired on " + expiry;
            }
        }
        long sigValid = sig.getHashedSubPackets() == null ? 0 : sig.getHashedSubPackets().getSignatureExpirationTime();
        Instant sigExpiry = sig.getCreationTime().toInstant().plusSeconds(sigValid);
        if (sigValid > 0 && sigExpiry.isBefore(now)) {
            return "the signature by " + signer + " expired on " + sigExpiry;
        }
        return null;
    }

    /**
     * How long after its creation the key expires (0: never), as the primary key's newest self-signature on it says:
     * BouncyCastle's getValidSeconds() passes over a newer one that removed the expiry ({@code --quick-set-expire
     * FPR 0}) and takes the old date, once two copies of the key are joined.
     */
    private static long validSeconds(PGPPublicKey primary, PGPPublicKey key) {
        PGPSignature newest = null;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext();) {
            PGPSignature sig = it.next();
            int type = sig.getSignatureType();
            boolean self = key == primary ? sig.isCertification() || type == PGPSignature.DIRECT_KEY
                    : type == PGPSignature.SUBKEY_BINDING;
            if (self && sig.getKeyID() == primary.getKeyID()
                    && (newest == null || sig.getCreationTime().after(newest.getCreationTime()))) {
                newest = sig;
            }
        }
        return newest == null || newest.getHashedSubPackets() == null ? 0
                : newest.getHashedSubPackets().getKeyExpirationTime();
    }

    /**
     * Whether the primary key revoked {@code key} (itself or a subkey). BouncyCastle's hasRevocation() only sees
     * that a revocation packet is there, which anyone can append; a revocation counts when it verifies, as in gpg.
     * Revocations by designated revokers are not recognized.
     */
    private static boolean revoked(PGPPublicKey primary, PGPPublicKey key) {
        boolean subkey = key != primary;
        Iterator<PGPSignature> revocations = key.getSignaturesOfType(subkey ? PGPSignature.SUBKEY_REVOCATION
                : PGPSignature.KEY_REVOCATION);
        while (revocations.hasNext()) {
            PGPSignature revocation = revocations.next();
            try {
                revocation.init(new JcaPGPContentVerifierBuilderProvider().setProvider(PROVIDER), primary);
                if (subkey ? revocation.verifyCertification(primary, key) : revocation.verifyCertification(key)) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                // Not made by this primary key (another algorithm, a malformed packet): does not count.
            }
        }
        return false;
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
