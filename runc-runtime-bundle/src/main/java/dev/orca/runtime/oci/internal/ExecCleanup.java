package dev.orca.runtime.oci.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ends an interactive exec: the command inside the container (its pid is in the pid file runc wrote) is killed if it
 * still runs, runc is reaped, and the pid and process files removed. Killing runc alone would leave the command
 * running.
 */
final class ExecCleanup implements Runnable {

    private final Process runtime;
    private final Path pidFile;

    ExecCleanup(Process runtime, Path pidFile) {
        this.runtime = runtime;
        this.pidFile = pidFile;
    }

    @Override
    public void run() {
        try {
            if (runtime.isAlive()) {
                commandPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                if (!runtime.waitFor(5, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly();
                    runtime.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            runtime.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(ExecProcessFile.beside(pidFile));
            } catch (IOException e) {
                // a stale pid file in the bundle goes with the container
            }
        }
    }

    private Optional<Long> commandPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
