package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Simple-signing signatures made by the tools a platform team uses: keys from {@code gpg --batch --gen-key} in a
 * keyring of its own, images signed by {@code skopeo copy --sign-by} into a lookaside store (a directory, as
 * containers/image lays it out: {@code <repository>@sha256=<hex>/signature-N}).
 */
public final class GpgSigner {

    private final Path dir;
    private final Path gnupg;

    /** A signer with an empty keyring under {@code dir}. */
    public GpgSigner(Path dir) {
        this.dir = dir;
        this.gnupg = dir.resolve("gnupg");
        try {
            Files.createDirectories(gnupg);
            Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a keyring in " + gnupg, e);
        }
    }

    /** Whether gpg and skopeo are installed (the README's install command installs both). */
    public static boolean available() {
        return onPath("gpg") && onPath("skopeo");
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** The keyring's directory (GNUPGHOME), for tests that run gpg themselves. */
    public Path home() {
        return gnupg;
    }

    /**
     * Makes a key without a passphrase and returns its fingerprint.
     *
     * @param expire gpg's {@code Expire-Date}: {@code 0} for never, {@code 1d} for a day
     */
    public String generateKey(String name, String expire) {
        Path parameters = dir.resolve(name.replaceAll("[^A-Za-z0-9]", "-") + ".params");
        write(parameters, "Key-Type: RSA\nKey-Length: 2048\nName-Real: " + name
                + "\nName-Email: signer@orca.test\nExpire-Date: " + expire + "\n%no-protection\n%commit\n");
        gpg("--batch", "--gen-key", parameters.toString());
        String listing = gpg("--batch", "--with-colons", "--list-keys", name);
        return listing.lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("gpg made no key for " + name + ":\n" + listing))
                .split(":")[9];
    }

    /** Exports a public key (with what the keyring knows of it: subkeys, revocations) as a binary keyring file. */
    public Path export(String fingerprint, String fileName) {
        Path target = dir.resolve(fileName);
        gpg("--batch", "--yes", "--output", target.toString(), "--export", fingerprint);
        return target;
    }

    /** Runs gpg on this keyring; returns what it printed. */
    public String gpg(String... arguments) {
        List<String> command = new ArrayList<>(List.of("gpg"));
        command.addAll(List.of(arguments));
        return Command.of(command).environment("GNUPGHOME", gnupg.toString()).run();
    }

    /**
     * Copies {@code from} to {@code to} on the registry (both plain-HTTP test registries), signed by the key, the
     * signature written to the lookaside directory; returns the digest of the manifest signed.
     */
    public String sign(String from, String to, String fingerprint, Path lookaside) {
        Path writer = dir.resolve("writer-registries.d");
        write(writer.resolve("default.yaml"), "default-docker:\n  lookaside-staging: file://" + lookaside + "\n");
        Path digest = dir.resolve("signed.digest");
        Command.of("skopeo", "--insecure-policy", "--registries.d", writer.toString(), "copy", "--quiet",
                "--src-tls-verify=false", "--dest-tls-verify=false", "--digestfile", digest.toString(),
                "--sign-by", fingerprint, "docker://" + from, "docker://" + to)
                .environment("GNUPGHOME", gnupg.toString()).run();
        try {
            return Files.readString(digest).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
