package dev.orca.isolation.namespaces;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;

/** Running helper programs and finding, watching and killing processes by pid. */
@ProviderType
public interface Processes {

    /**
     * Runs a command to its end.
     *
     * @throws IOException naming the command, its exit status and its error output, when it fails or times out
     */
    void run(List<String> command, Duration timeout) throws IOException;

    /** Starts a command that keeps running, and returns its pid. Its output is discarded. */
    long start(List<String> command) throws IOException;

    /** The pids of the children of a process; empty when it has none or is gone. */
    List<Long> children(long pid);

    /**
     * When a process started, in clock ticks after boot ({@code /proc/PID/stat} field 22), to tell it apart from a
     * later process with the same pid; empty when there is no such process.
     */
    OptionalLong startTime(long pid);

    /** Sends SIGKILL and waits (reaping it when it is a child of this process) until it is gone; whether it is. */
    boolean kill(long pid, Duration timeout);
}
