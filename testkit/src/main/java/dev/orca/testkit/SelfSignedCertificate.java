package dev.orca.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An RSA key and a self-signed certificate for 127.0.0.1 and localhost, made with the {@code openssl} CLI: it serves
 * a registry's TLS, or signs a token server's JWTs (then it is the registry's {@code rootcertbundle}).
 */
public final class SelfSignedCertificate {

    private final Path certificateFile;
    private final Path privateKeyFile;
    private final X509Certificate certificate;

    private SelfSignedCertificate(Path certificateFile, Path privateKeyFile) {
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
        this.certificate = readCertificate(certificateFile);
    }

    /** Writes {@code NAME.crt} and {@code NAME.key} (PKCS#8, unencrypted) into {@code directory}. */
    public static SelfSignedCertificate create(Path directory, String name, String commonName) {
        Path certificate = directory.resolve(name + ".crt");
        Path key = directory.resolve(name + ".key");
        Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
                "-keyout", key.toString(), "-out", certificate.toString(), "-subj", "/CN=" + commonName,
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").run();
        return new SelfSignedCertificate(certificate, key);
    }

    /** The certificate in PEM: what a client configures as the CA to trust (e.g. {@code certs.d/HOST/ca.crt}). */
    public Path certificateFile() {
        return certificateFile;
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("orca-testkit", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + certificateFile + ": " + e, e);
        }
    }

    PrivateKey privateKey() {
        try {
            String pem = Files.readString(privateKeyFile);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException("private key " + privateKeyFile + " is not an unencrypted PKCS#8 PEM");
            }
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read private key " + privateKeyFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("private key " + privateKeyFile + " is not an RSA key: " + e, e);
        }
    }

    private static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificate " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("certificate " + file + " is not a valid X.509 PEM: " + e, e);
        }
    }
}
