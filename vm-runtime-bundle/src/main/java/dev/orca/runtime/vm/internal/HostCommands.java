package dev.orca.runtime.vm.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The host programs this handler runs (ip, tc, nsenter, QEMU), behind an interface so the logic is tested alone. */
public interface HostCommands {

    /** What a finished command said. */
    record Result(int exitCode, String stdout, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** The error output's last non-empty line, for messages. */
        public String error() {
            return stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit status " + exitCode);
        }
    }

    /**
     * Runs a command to its end.
     *
     * @throws IOException when it cannot start or does not end within {@code timeout} (it is then killed)
     */
    Result run(List<String> command, Duration timeout) throws IOException;

    /** Runs a command and fails, naming the command and its error, unless it succeeds. */
    default String check(List<String> command, Duration timeout) throws IOException {
        Result result = run(command, timeout);
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + ": " + result.error());
        }
        return result.stdout();
    }

    /**
     * Starts a command that keeps running after this process ends, its output appended to {@code log}, and returns
     * it.
     */
    Process start(List<String> command, Path log) throws IOException;
}
