package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Simple-signing signatures made by the tools a platform team uses: keys from gpg in a keyring (GNUPGHOME) of their
 * own, images signed by {@code skopeo copy --sign-by} into a lookaside store (a directory, as containers/image lays
 * it out: {@code <repository>@sha256=<hex>/signature-N}), and what a key's owner does later: subkeys, revocations,
 * new expiry dates.
 *
 * <p>Everything lives in one directory, the signer's; {@link #close} stops the gpg-agent gpg started for the keyring
 * (it outlives the JVM otherwise) and deletes that directory. Callers check {@link #available()} first (a JUnit test
 * through {@code assumeTrue}); a tool that fails throws {@link IllegalStateException} naming it and what it said.
 */
public final class GpgSigner implements AutoCloseable {

    /** The kind of key {@link #generateKey} makes. */
    public enum Algorithm {
        /** The classic kind; takes gpg a few seconds to make. */
        RSA2048("Key-Type: RSA\nKey-Length: 2048\n"),
        /** Made in a fraction of a second. */
        ED25519("Key-Type: EDDSA\nKey-Curve: ed25519\n");

        private final String parameters;

        Algorithm(String parameters) {
            this.parameters = parameters;
        }
    }

    private final Path dir;
    private final Path gnupg;
    private final Path lookaside;
    private final Path writerConfig;

    /** A signer with an empty keyring under {@code dir}, writing signatures to {@code dir/lookaside}. */
    public GpgSigner(Path dir) {
        this(dir, dir.resolve("lookaside"));
    }

    /**
     * A signer with an empty keyring under {@code dir}, writing signatures to {@code lookaside} (which {@link #close}
     * deletes only if it is under {@code dir}).
     */
    public GpgSigner(Path dir, Path lookaside) {
        this.dir = dir;
        this.gnupg = dir.resolve("gnupg");
        this.lookaside = lookaside;
        this.writerConfig = dir.resolve("writer-registries.d");
        try {
            Files.createDirectories(gnupg);
            Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(lookaside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a keyring in " + gnupg + ": " + e.getMessage(), e);
        }
        write(writerConfig.resolve("default.yaml"), "default-docker:\n  lookaside-staging: file://" + lookaside + "\n");
    }

    /** A signer in a new temporary directory, deleted by {@link #close}. */
    public static GpgSigner inTemporaryDirectory() {
        try {
            return new GpgSigner(Files.createTempDirectory("orca-gpg-signer"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Whether gpg, gpgconf and skopeo are installed (the README's install command installs them). */
    public static boolean available() {
        return onPath("gpg") && onPath("gpgconf") && onPath("skopeo");
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** The signer's directory: key files are exported there, and a test may keep files of its own there. */
    public Path directory() {
        return dir;
    }

    /** The keyring's directory (GNUPGHOME), for tests that run gpg themselves. */
    public Path home() {
        return gnupg;
    }

    /** Where {@link #sign} writes signatures. */
    public Path lookaside() {
        return lookaside;
    }

    /**
     * Makes a key without a passphrase and returns its fingerprint.
     *
     * @param expire gpg's {@code Expire-Date}: {@code 0} for never, {@code 1d} for a day
     */
    public String generateKey(String name, Algorithm algorithm, String expire) {
        Path parameters = dir.resolve(name.replaceAll("[^A-Za-z0-9]", "-") + ".params");
        write(parameters, algorithm.parameters + "Name-Real: " + name
                + "\nName-Email: signer@orca.test\nExpire-Date: " + expire + "\n%no-protection\n%commit\n");
        return created(gpg("--status-fd", "1", "--gen-key", parameters.toString()), "P");
    }

    /** Adds an ed25519 signing subkey to {@code primary}, which gpg (so skopeo) signs with from now on. */
    public String addSigningSubkey(String primary, String expire) {
        return created(gpg("--status-fd", "1", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-add-key", primary, "ed25519", "sign", expire), "S");
    }

    /** The fingerprint in gpg's {@code KEY_CREATED} status line for a key of that kind (P primary, S subkey). */
    private static String created(String status, String kind) {
        return status.lines().filter(l -> l.startsWith("[GNUPG:] KEY_CREATED " + kind + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("gpg made no key:\n" + status)).split(" ")[3];
    }

    /**
     * Exports a public key as {@code gpg --export} writes it (binary), with what the keyring knows of it by now
     * (subkeys, revocations), to {@code fileName} in the signer's directory.
     */
    public Path export(String fingerprint, String fileName) {
        Path target = dir.resolve(fileName);
        gpg("--yes", "--output", target.toString(), "--export", fingerprint);
        return target;
    }

    /** Imports the revocation certificate gpg wrote when it made the key: the key is revoked from now on. */
    public void revoke(String fingerprint) {
        gpg("--import", revocationCertificate(fingerprint).toString());
    }

    /** The revocation certificate gpg wrote when it made the key, ready to import (armored). */
    public Path revocationCertificate(String fingerprint) {
        Path armored = dir.resolve(fingerprint + ".rev.asc");
        try {
            String certificate = Files.readString(gnupg.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev"));
            // gpg puts a ':' before the armor line so that the file is not imported by accident.
            Files.writeString(armored, certificate.replace("\n:-----BEGIN", "\n-----BEGIN"));
        } catch (IOException e) {
            throw new UncheckedIOException("no revocation certificate for " + fingerprint + ": " + e.getMessage(), e);
        }
        return armored;
    }

    /** Revokes the {@code index}th (1-based) subkey of {@code primary}, as an owner does in {@code --edit-key}. */
    public void revokeSubkey(String primary, int index) {
        Command.of(gpgCommand("--pinentry-mode", "loopback", "--passphrase", "", "--command-fd", "0",
                "--status-fd", "2", "--edit-key", primary)).environment("GNUPGHOME", gnupg.toString())
                .input("key " + index + "\nrevkey\ny\n0\n\ny\nsave\n").run();
    }

    /** Sets a new expiry for the primary key ({@code 0}: never), as its owner does. */
    public void setExpiry(String primary, String expire) {
        gpg("--pinentry-mode", "loopback", "--passphrase", "", "--quick-set-expire", primary, expire);
    }

    /** When gpg says the key or subkey expires. */
    public Instant expiry(String fingerprint) {
        String[] key = null;
        for (String line : gpg("--with-colons", "--list-keys", fingerprint).lines().toList()) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals("pub") || fields[0].equals("sub")) {
                key = fields;
            } else if (fields[0].equals("fpr") && fields[9].equals(fingerprint) && key != null) {
                return Instant.ofEpochSecond(Long.parseLong(key[6]));
            }
        }
        throw new IllegalStateException("gpg does not list " + fingerprint);
    }

    /** The key ID as a policy names it: {@code 0x} and the fingerprint's last 16 hex digits. */
    public static String keyId(String fingerprint) {
        return "0x" + fingerprint.substring(fingerprint.length() - 16);
    }

    /**
     * Copies {@code from} to {@code to} (both on plain-HTTP test registries), signed by the key, claiming {@code to};
     * returns the digest of the manifest signed.
     */
    public String sign(String from, String to, String key) {
        return sign(from, to, key, List.of());
    }

    /** As {@link #sign(String, String, String)}, the signature claiming {@code identity} rather than {@code to}. */
    public String sign(String from, String to, String key, String identity) {
        return sign(from, to, key, List.of("--sign-identity", identity));
    }

    private String sign(String from, String to, String key, List<String> options) {
        Path digest = dir.resolve("signed.digest");
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--registries.d",
                writerConfig.toString(), "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false",
                "--digestfile", digest.toString(), "--sign-by", key));
        command.addAll(options);
        command.addAll(List.of("docker://" + from, "docker://" + to));
        run(command);
        try {
            return Files.readString(digest).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #sign(String, String, String)}, the signature itself expiring after {@code expire}. */
    public String signExpiring(String from, String to, String key, String expire) {
        Path conf = gnupg.resolve("gpg.conf");
        write(conf, "default-sig-expire " + expire + "\n");
        try {
            return sign(from, to, key);
        } finally {
            delete(conf);
        }
    }

    /** A signature of a manifest's bytes claiming {@code identity}, made by skopeo without a registry. */
    public byte[] signManifest(byte[] manifest, String identity, String key) {
        try {
            Path file = Files.createTempFile(dir, "manifest", ".json");
            Path signature = dir.resolve(file.getFileName() + ".sig");
            Files.write(file, manifest);
            run(List.of("skopeo", "standalone-sign", "--output", signature.toString(), file.toString(), identity,
                    key));
            return Files.readAllBytes(signature);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign a manifest in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The digest of the manifest a (plain-HTTP) registry serves for {@code reference}. */
    public String digestOf(String reference) {
        return run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + reference)).strip();
    }

    /** Where signature {@code index} of a repository path ({@code team/app}, no host) for a digest is stored. */
    public Path signatureFile(String repositoryPath, String digest, int index) {
        return lookaside.resolve(repositoryPath + "@" + digest.replace(':', '=')).resolve("signature-" + index);
    }

    /** Puts a copy of a stored signature where another repository's (or digest's) signatures are looked up. */
    public void plant(Path signature, String repositoryPath, String digest, int index) {
        Path target = signatureFile(repositoryPath, digest, index);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(signature, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plant " + signature + " at " + target + ": " + e.getMessage(), e);
        }
    }

    /** Runs gpg in batch mode on this keyring; returns what it printed. */
    public String gpg(String... arguments) {
        return run(gpgCommand(arguments));
    }

    private static List<String> gpgCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch"));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs a tool (gpg, skopeo) with this keyring as its GNUPGHOME. */
    private String run(List<String> command) {
        return Command.of(command).environment("GNUPGHOME", gnupg.toString()).run();
    }

    /**
     * Stops the gpg-agent (and any other daemon) gpg started for this keyring, which would outlive the JVM, and
     * deletes the signer's directory.
     */
    @Override
    public void close() {
        if (!Files.isDirectory(gnupg)) {
            return; // closed already
        }
        try {
            run(List.of("gpgconf", "--homedir", gnupg.toString(), "--kill", "all"));
        } catch (RuntimeException e) {
            try {
                ScratchDirectory.deleteRecursively(dir);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        ScratchDirectory.deleteRecursively(dir);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
