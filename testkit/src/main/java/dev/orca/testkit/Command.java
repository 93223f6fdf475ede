package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external tool (umoci, skopeo, openssl, htpasswd) that must succeed: its output is returned, and a
 * failure names the command line, the exit status and what the tool said. Secrets given to {@link #secret} are
 * blanked out of every message.
 */
final class Command {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final List<String> arguments;
    private final List<String> secrets = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private String input;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    private Command(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    static Command of(String... arguments) {
        return new Command(List.of(arguments));
    }

    static Command of(List<String> arguments) {
        return new Command(arguments);
    }

    /** Keeps {@code value} (a password on the command line or on stdin) out of error messages. */
    Command secret(String value) {
        secrets.add(value);
        return this;
    }

    Command input(String text) {
        this.input = text;
        return this;
    }

    /** Sets a variable of the tool's environment (GNUPGHOME, for one). */
    Command environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Command timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs the command and returns its standard output and error, interleaved. */
    String run() {
        Path output = null;
        try {
            // Output goes to a file rather than a pipe, so that a hanging tool cannot block us past the timeout.
            output = Files.createTempFile("orca-testkit-command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(arguments).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(describe() + " did not finish within " + timeout + ":\n"
                        + redact(Files.readString(output)));
            }
            String said = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(describe() + " failed with exit status " + process.exitValue()
                        + ":\n" + redact(said));
            }
            return said;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + describe(), e);
        } finally {
            deleteQuietly(output);
        }
    }

    private String describe() {
        return redact(String.join(" ", arguments));
    }

    private String redact(String text) {
        String redacted = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is not worth failing a test for
            }
        }
    }
}
