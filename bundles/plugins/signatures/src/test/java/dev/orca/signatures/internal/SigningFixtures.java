package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real simple-signing material for tests: keys made by gpg in a GNUPGHOME of their own, images signed by skopeo
 * ({@code --sign-by}) into a lookaside directory laid out as containers/image lays it out.
 */
final class SigningFixtures implements AutoCloseable {

    enum Algorithm {
        RSA2048("Key-Type: RSA\nKey-Length: 2048\n"),
        /** Made in a fraction of a second, where RSA takes seconds. */
        ED25519("Key-Type: EDDSA\nKey-Curve: ed25519\n");

        private final String parameters;

        Algorithm(String parameters) {
            this.parameters = parameters;
        }
    }

    final Path work;
    final Path gnupg;
    final Path lookaside;
    private final Path writerConfig;

    private SigningFixtures(Path work) throws Exception {
        this.work = work;
        gnupg = Files.createDirectories(work.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        lookaside = Files.createDirectories(work.resolve("lookaside"));
        writerConfig = Files.createDirectories(work.resolve("writer-registries.d"));
        Files.writeString(writerConfig.resolve("default.yaml"), "default-docker:\n  lookaside-staging: file://"
                + lookaside + "\n");
    }

    /** Skips the calling test class when gpg or skopeo is missing. */
    static SigningFixtures create() throws Exception {
        assumeTrue(onPath("gpg") && onPath("skopeo"), "gpg and skopeo are needed to make real signatures: skipped");
        return new SigningFixtures(Files.createTempDirectory("orca-signatures"));
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** A signing key, without passphrase. @param expire gpg's Expire-Date: {@code 0} (never), {@code 1d} */
    String generateKey(String name, Algorithm algorithm, String expire) throws Exception {
        Path parameters = work.resolve(name.replace(' ', '-') + ".params");
        Files.writeString(parameters, algorithm.parameters + "Name-Real: " + name
                + "\nName-Email: signer@orca.test\nExpire-Date: " + expire + "\n%no-protection\n%commit\n");
        return created(gpg("--status-fd", "1", "--gen-key", parameters.toString()), "P");
    }

    /** A signing subkey of {@code primary}, which gpg (so skopeo) signs with from now on. */
    String addSigningSubkey(String primary, String expire) throws Exception {
        return created(gpg("--status-fd", "1", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-add-key", primary, "ed25519", "sign", expire), "S");
    }

    private static String created(String status, String kind) {
        return status.lines().filter(l -> l.startsWith("[GNUPG:] KEY_CREATED " + kind + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("gpg made no key: " + status)).split(" ")[3];
    }

    /** The public key as {@code gpg --export} writes it (binary), with whatever revocations it has by now. */
    Path export(String fingerprint, String file) throws Exception {
        Path target = work.resolve(file);
        gpg("--yes", "--output", target.toString(), "--export", fingerprint);
        return target;
    }

    /** Imports the revocation certificate gpg wrote when it made the key: the key is revoked from now on. */
    void revoke(String fingerprint) throws Exception {
        gpg("--import", revocationCertificate(fingerprint).toString());
    }

    /** The revocation certificate gpg wrote when it made the key, ready to import (armored). */
    Path revocationCertificate(String fingerprint) throws Exception {
        String certificate = Files.readString(gnupg.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev"));
        Path armored = work.resolve(fingerprint + ".rev.asc");
        // gpg puts a ':' before the armor line so that the file is not imported by accident.
        Files.writeString(armored, certificate.replace("\n:-----BEGIN", "\n-----BEGIN"));
        return armored;
    }

    /** Revokes the {@code index}th (1-based) subkey of {@code primary}, as an owner does in {@code --edit-key}. */
    void revokeSubkey(String primary, int index) throws Exception {
        Path answers = work.resolve("revkey-" + primary);
        Files.writeString(answers, "key " + index + "\nrevkey\ny\n0\n\ny\nsave\n");
        gpg("--pinentry-mode", "loopback", "--passphrase", "", "--command-fd", "0", "--status-fd", "2",
                "--edit-key", primary, "<" + answers);
    }

    /** A new expiry for the primary key ({@code 0}: never), as its owner sets it. */
    void setExpiry(String primary, String expire) throws Exception {
        gpg("--pinentry-mode", "loopback", "--passphrase", "", "--quick-set-expire", primary, expire);
    }

    /** When gpg says the (sub)key expires. */
    Instant expiry(String fingerprint) throws Exception {
        String[] key = null;
        for (String line : gpg("--with-colons", "--list-keys", fingerprint).lines().toList()) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals("pub") || fields[0].equals("sub")) {
                key = fields;
            } else if (fields[0].equals("fpr") && fields[9].equals(fingerprint) && key != null) {
                return Instant.ofEpochSecond(Long.parseLong(key[6]));
            }
        }
        throw new AssertionError("gpg does not list " + fingerprint);
    }

    /** The key ID as the policy names it: {@code 0x} and the fingerprint's last 16 hex digits. */
    static String keyId(String fingerprint) {
        return "0x" + fingerprint.substring(fingerprint.length() - 16);
    }

    /** Copies {@code from} to {@code to} and signs it there, claiming {@code to} (or {@code identity}). */
    void sign(String from, String to, String key, String... identity) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--registries.d", writerConfig.toString(), "copy",
                "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by", key));
        if (identity.length > 0) {
            command.addAll(List.of("--sign-identity", identity[0]));
        }
        command.addAll(List.of("docker://" + from, "docker://" + to));
        run(command);
    }

    /** As {@link #sign}, the signature itself expiring after {@code expire} (gpg's default-sig-expire). */
    void signExpiring(String from, String to, String key, String expire) throws Exception {
        Path conf = gnupg.resolve("gpg.conf");
        Files.writeString(conf, "default-sig-expire " + expire + "\n");
        try {
            sign(from, to, key);
        } finally {
            Files.delete(conf);
        }
    }

    /** A signature of a manifest's bytes claiming {@code identity}, made by skopeo without a registry. */
    byte[] signManifest(byte[] manifest, String identity, String key) throws Exception {
        Path file = Files.createTempFile(work, "manifest", ".json");
        Path signature = work.resolve(file.getFileName() + ".sig");
        Files.write(file, manifest);
        run(List.of("skopeo", "standalone-sign", "--output", signature.toString(), file.toString(), identity, key));
        return Files.readAllBytes(signature);
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    String digestOf(String reference) throws Exception {
        return run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
                "docker://" + reference)).strip();
    }

    /** Where signature {@code index} of a repository path ({@code sig/app}, no host) for a digest is stored. */
    Path signatureFile(String repositoryPath, String digest, int index) {
        return lookaside.resolve(repositoryPath + "@" + digest.replace(':', '=')).resolve("signature-" + index);
    }

    /** Puts a copy of a stored signature where another repository's (or digest's) signatures are looked up. */
    void plant(Path signature, String repositoryPath, String digest, int index) throws Exception {
        Path target = signatureFile(repositoryPath, digest, index);
        Files.createDirectories(target.getParent());
        Files.copy(signature, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Stops the gpg-agent gpg started for this GNUPGHOME (it outlives the JVM) and deletes the files. */
    @Override
    public void close() throws Exception {
        run(List.of("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent"));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** gpg in batch mode in this GNUPGHOME; an argument {@code <file>} is its standard input. */
    String gpg(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch"));
        Path input = null;
        for (String argument : arguments) {
            if (argument.startsWith("<")) {
                input = Path.of(argument.substring(1));
            } else {
                command.add(argument);
            }
        }
        return run(command, input);
    }

    String run(List<String> command) throws Exception {
        return run(command, null);
    }

    private String run(List<String> command, Path input) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GNUPGHOME", gnupg.toString());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, process.exitValue(), command + ": " + out);
        return out;
    }
}
