package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** skopeo copies: between local layouts (to recompress), and from a layout to a {@link TestRegistry}. */
final class Skopeo {

    private Skopeo() {
    }

    /** {@code skopeo copy OPTIONS SOURCE DESTINATION}, with no signature policy to consult. */
    static void copy(String source, String destination, List<String> options) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
        command.addAll(options);
        command.add(source);
        command.add(destination);
        Command.of(command).run();
    }

    /**
     * Pushes {@code source} to {@code reference} on the registry, byte for byte ({@code --preserve-digests}: skopeo
     * must neither recompress nor swap in a blob it pushed elsewhere in another compression), and returns the
     * digest of the manifest (or index, with {@code all}) the registry stored.
     */
    static String push(String source, TestRegistry registry, String reference, boolean all) {
        Path digestFile = null;
        try {
            digestFile = Files.createTempFile("orca-testkit-digest-", ".txt");
            List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                    "--preserve-digests", "--retry-times", "0", "--digestfile", digestFile.toString(),
                    // plain HTTP, or TLS with the registry's self-signed certificate
                    "--dest-tls-verify=false"));
            if (all) {
                command.add("--all");
            }
            Credentials credentials = registry.credentials().orElse(null);
            if (credentials == null) {
                command.add("--dest-no-creds");
            } else {
                command.add("--dest-creds");
                command.add(credentials.user() + ":" + credentials.password());
            }
            command.add(source);
            command.add("docker://" + reference);
            Command push = Command.of(command);
            if (credentials != null) {
                push.secret(credentials.password());
            }
            push.run();
            return Files.readString(digestFile).strip();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot push " + source + " to " + registry + ": " + e.getMessage()
                    + "\nthe registry's log ends with:\n" + registry.logTail(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot push " + source + " to " + reference + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(digestFile);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is not worth failing a push for
            }
        }
    }
}
