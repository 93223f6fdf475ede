package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The images critest pulls, built by the shared tools' {@code critest-images.sh} and served by the Debian
 * docker-registry it starts on a loopback port; its paths are the upstream names without their domain, so a
 * daemon mirroring registry.k8s.io and gcr.io to it finds them (critest's pause image among them).
 */
final class CritestImages implements AutoCloseable {

    private final Path script;
    private final Path base;
    private final String host;
    private boolean started;

    CritestImages(Path tools, Path base, String host) {
        this.script = tools.resolve("critest-images.sh");
        this.base = base;
        this.host = host;
    }

    String host() {
        return host;
    }

    void start() throws IOException, InterruptedException {
        started = true;
        run(List.of(script.toString()), "critest-images.log", 15);
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (started) {
            started = false;
            run(List.of(script.toString(), "--stop"), "critest-images-stop.log", 1);
        }
    }

    private void run(List<String> command, String logName, int minutes) throws IOException, InterruptedException {
        Files.createDirectories(base);
        Path log = base.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BASE", base.toString());
        builder.environment().put("REG", host);
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " did not end within " + minutes + " min; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }
}
