package dev.orca.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Key pairs as cosign writes them, for skopeo to sign with: skopeo 1.9 reads them but cannot make them. Checked once
 * against Go's x/crypto scrypt and nacl/secretbox and crypto/x509, which cosign's loader uses. The private
 * key is a PEM {@code ENCRYPTED COSIGN PRIVATE KEY} block (the label containers/image 5.23 accepts; later versions
 * also accept {@code ENCRYPTED SIGSTORE PRIVATE KEY}) whose body is go-tuf's {@code encrypted} JSON: the PKCS #8 DER
 * key in a NaCl secretbox (XSalsa20-Poly1305) under scrypt(passphrase, salt, N=32768, r=8, p=1); the public key a
 * PEM {@code PUBLIC KEY} (PKIX).
 */
public final class CosignKeyFiles {

    public static final String PRIVATE_KEY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";
    private static final int SCRYPT_N = 32768;
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The files skopeo and the policy are given, and the keys themselves for signing without skopeo. */
    public record Pair(Path privateKey, Path publicKey, Path passphraseFile, KeyPair keys) {
    }

    private CosignKeyFiles() {
    }

    /** An ECDSA key pair on a curve the JDK names ({@code secp256r1}, {@code secp384r1}, …). */
    public static Pair ecdsa(Path dir, String name, String curve) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return write(dir, name, generator.generateKeyPair());
    }

    public static Pair ed25519(Path dir, String name) throws IOException, GeneralSecurityException {
        return write(dir, name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    private static Pair write(Path dir, String name, KeyPair pair) throws IOException {
        String passphrase = "pass-" + name;
        Path passphraseFile = Files.writeString(dir.resolve(name + ".pass"), passphrase);
        byte[] encrypted = encrypt(pair.getPrivate().getEncoded(), passphrase.getBytes(StandardCharsets.UTF_8));
        Path privateKey = Files.writeString(dir.resolve(name + ".key"), pem(PRIVATE_KEY_LABEL, encrypted));
        Path publicKey = Files.writeString(dir.resolve(name + ".pub"), pem("PUBLIC KEY",
                pair.getPublic().getEncoded()));
        return new Pair(privateKey, publicKey, passphraseFile, pair);
    }

    public static String pem(String label, byte[] body) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(body);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /** go-tuf's {@code encrypted.Encrypt}: the JSON that holds the KDF, the cipher and the sealed box. */
    public static byte[] encrypt(byte[] plaintext, byte[] passphrase) throws IOException {
        byte[] salt = random(32);
        byte[] nonce = random(24);
        byte[] key = SCrypt.generate(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, 32);
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> kdf = new LinkedHashMap<>();
        kdf.put("name", "scrypt");
        kdf.put("params", Map.of("N", SCRYPT_N, "r", SCRYPT_R, "p", SCRYPT_P));
        kdf.put("salt", base64.encodeToString(salt));
        Map<String, Object> cipher = new LinkedHashMap<>();
        cipher.put("name", "nacl/secretbox");
        cipher.put("nonce", base64.encodeToString(nonce));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kdf", kdf);
        root.put("cipher", cipher);
        root.put("ciphertext", base64.encodeToString(secretbox(plaintext, nonce, key)));
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * NaCl {@code crypto_secretbox}: the first 32 bytes of the XSalsa20 key stream are the one-time Poly1305 key,
     * the rest encrypts the message; the result is the 16-byte tag followed by the ciphertext.
     */
    public static byte[] secretbox(byte[] message, byte[] nonce, byte[] key) {
        XSalsa20Engine salsa = new XSalsa20Engine();
        salsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] stream = new byte[32 + message.length];
        System.arraycopy(message, 0, stream, 32, message.length);
        salsa.processBytes(stream, 0, stream.length, stream, 0);
        byte[] ciphertext = Arrays.copyOfRange(stream, 32, stream.length);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(Arrays.copyOf(stream, 32)));
        mac.update(ciphertext, 0, ciphertext.length);
        byte[] box = new byte[16 + ciphertext.length];
        mac.doFinal(box, 0);
        System.arraycopy(ciphertext, 0, box, 16, ciphertext.length);
        return box;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
