package dev.orca.runtime.oci.internal;

import dev.orca.spi.ExecOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The processes the handler starts: runtime calls, the monitor, execs. The real one starts processes. */
interface Commands {

    /** What a finished command said. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** What a monitor start gave: the line it wrote on its sync pipe (null for none) and its pid. */
    record MonitorStart(String syncLine, long monitorPid) {
    }

    /**
     * Runs a short command to its end.
     *
     * @param stdin bytes for its stdin, or null for none
     * @throws TimeoutException it ran longer than {@code timeout}; it was killed and reaped
     */
    Result run(List<String> argv, byte[] stdin, Duration timeout) throws IOException, TimeoutException;

    /**
     * Starts the monitor with its sync pipe, and waits until it reports (or closes the pipe, or {@code timeout}).
     *
     * @param stderrFile where the monitor's own stderr goes
     */
    MonitorStart startMonitor(List<String> argv, Path stderrFile, Duration timeout) throws IOException;

    /**
     * Runs a command with its stdout and stderr drained into {@code output} (which keeps what its budget allows);
     * its exit code.
     *
     * @param pidFile where the command (e.g. {@code runc exec --pid-file}) writes the pid to kill on timeout
     * @param timeout how long it may run; null for no limit
     * @throws TimeoutException it ran longer than {@code timeout}; it and the process in {@code pidFile} were killed
     *     and reaped
     */
    int capture(List<String> argv, Path pidFile, Duration timeout, ExecOutput output)
            throws IOException, TimeoutException;
}
