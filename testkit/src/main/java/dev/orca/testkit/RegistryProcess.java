package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@code docker-registry serve CONFIG} child process, its output appended to a log file. */
final class RegistryProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final Path log;
    private final String name;

    private RegistryProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    static RegistryProcess launch(Path binary, Path configFile, Path log, String name) {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // REGISTRY_* variables override the configuration file; the host's must not leak into a test registry
        builder.environment().keySet().removeIf(variable -> variable.startsWith("REGISTRY_"));
        try {
            return new RegistryProcess(builder.start(), log, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + " for " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code GET /v2/} gets any answer (a 401 counts: auth is up too). Fails with the log's tail if the
     * process exits first or the time runs out.
     */
    void awaitAnswering(HttpClient client, URI base) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                String tail = logTail();
                throw new StartException(name + " exited with status " + process.exitValue()
                        + " before answering /v2/:\n" + tail, tail.contains("address already in use"));
            }
            try {
                client.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartException(name + " did not answer /v2/ within " + START_TIMEOUT + ":\n"
                        + logTail(), false);
            }
        }
    }

    /** SIGTERM, then SIGKILL if it lingers. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry did not come up; {@code portTaken} when another process bound its port first. */
    static final class StartException extends IllegalStateException {

        private static final long serialVersionUID = 1L;
        private final boolean portTaken;

        StartException(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }

        boolean portTaken() {
            return portTaken;
        }
    }
}
