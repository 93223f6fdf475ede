package dev.orca.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs command lines as a user types them into bash: {@code crictl} on the PATH is the binary under test, the
 * endpoint variables crictl reads name the daemon's socket, and {@code NAME=$(...)} lines keep NAME for the lines
 * after, as the user's shell would.
 */
final class CrictlShell {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=\\$\\((.+)\\)");

    /** What a line printed and its exit code. */
    record Output(int exitCode, String stdout, String stderr) {
        String both() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path workDir;
    private final Map<String, String> environment = new HashMap<>();

    /** @param crictl the binary; {@code workDir} is where lines run (their files are there) */
    CrictlShell(Path crictl, Path socket, Path workDir) throws IOException {
        this.workDir = workDir;
        Path bin = Files.createDirectories(workDir.resolve("bin"));
        Files.deleteIfExists(bin.resolve("crictl"));
        Files.createSymbolicLink(bin.resolve("crictl"), crictl.toAbsolutePath());
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("CONTAINER_RUNTIME_ENDPOINT", "unix://" + socket);
        environment.put("IMAGE_SERVICE_ENDPOINT", "unix://" + socket);
        // A node's own /etc/crictl.yaml must not choose for the test.
        environment.put("CRI_CONFIG_FILE", workDir.resolve("crictl.yaml").toString());
        Files.writeString(workDir.resolve("crictl.yaml"), "");
    }

    String variable(String name) {
        return environment.getOrDefault(name, "");
    }

    /** Runs {@code line} and waits for it; an assignment keeps its value (the output, trimmed). */
    Output run(String line, Duration timeout) throws IOException, InterruptedException {
        Matcher assignment = ASSIGNMENT.matcher(line);
        Output output = await(start(List.of("bash", "-c", line + (assignment.matches()
                ? " && printf '%s' \"$" + assignment.group(1) + "\"" : "")), true), line, timeout);
        if (assignment.matches() && output.exitCode() == 0) {
            environment.put(assignment.group(1), output.stdout().strip());
        }
        return output;
    }

    /**
     * Runs {@code line} with a terminal as its standard input and output, as {@code crictl exec -it} needs; the
     * terminal's {@code \r\n} is read as {@code \n}. script's own input stays open while the line runs: at its end
     * script types a NUL into the terminal, which crictl would send on to the container.
     */
    Output runOnTerminal(String line, Duration timeout) throws IOException, InterruptedException {
        Process script = start(List.of("script", "-qec", line, "/dev/null"), false);
        try {
            Output output = await(script, line, timeout);
            return new Output(output.exitCode(), output.stdout().replace("\r\n", "\n"), output.stderr());
        } finally {
            script.getOutputStream().close();
        }
    }

    /** Starts {@code line} without waiting (a command that runs until stopped); its output goes to {@code log}. */
    Process startInBackground(String line, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + line).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private Process start(List<String> command, boolean withoutInput) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (withoutInput) {
            process.getOutputStream().close();
        }
        return process;
    }

    private static Output await(Process process, String line, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("'" + line + "' did not end within " + timeout);
        }
        try {
            return new Output(process.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("'" + line + "': its output could not be read: " + e, e);
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
