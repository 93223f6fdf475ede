package dev.orca.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * The key ID docker/libtrust gives a public key, which distribution's token verification looks up a JWT's
 * {@code kid} by: SHA-256 of the DER SubjectPublicKeyInfo, cut to 240 bits, base32 without padding, in twelve
 * groups of four joined by ':' ({@code ABCD:EFGH:...}).
 */
final class LibtrustKeyId {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int KEPT_BYTES = 30;

    private LibtrustKeyId() {
    }

    static String of(PublicKey key) {
        // Java's X.509 encoding of a public key is the same SubjectPublicKeyInfo as Go's x509.MarshalPKIXPublicKey.
        return of(key.getEncoded());
    }

    static String of(byte[] subjectPublicKeyInfo) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return group(base32(Arrays.copyOf(hash, KEPT_BYTES)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** RFC 4648 base32; 30 bytes are exactly 48 characters, so there is never padding to strip. */
    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return out.toString();
    }

    private static String group(String encoded) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 4) {
            out.append(i == 0 ? "" : ":").append(encoded, i, Math.min(i + 4, encoded.length()));
        }
        return out.toString();
    }
}
