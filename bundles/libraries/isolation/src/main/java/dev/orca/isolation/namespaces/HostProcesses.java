package dev.orca.isolation.namespaces;

import dev.orca.os.ProcessStat;
import dev.orca.os.Waiting;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@link Processes} of this host, through {@link ProcessBuilder} and {@code /proc}. */
public final class HostProcesses implements Processes {

    /** How long to pause between looks at a killed process that is not a child of this one. */
    private static final Duration KILLED_POLL = Duration.ofMillis(1);

    /** Processes this one started, so that they are reaped when they end. */
    private final Map<Long, Process> started = new ConcurrentHashMap<>();

    @Override
    public void run(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream err = process.getErrorStream()) {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + ": did not end within " + timeout);
            }
            String error = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue()
                        + (error.isEmpty() ? "" : ": " + error));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }

    @Override
    public long start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
        started.put(process.pid(), process);
        process.onExit().thenRun(() -> started.remove(process.pid()));
        return process.pid();
    }

    @Override
    public List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid),
                    "children"));
            for (String child : text.trim().split("\\s+")) {
                if (!child.isEmpty()) {
                    children.add(Long.parseLong(child));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        return children;
    }

    @Override
    public OptionalLong startTime(long pid) {
        return ProcessStat.startTicksOf(pid);
    }

    @Override
    public boolean kill(long pid, Duration timeout) {
        Process child = started.get(pid);
        Optional<ProcessHandle> handle = child != null ? Optional.of(child.toHandle()) : ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        handle.get().destroyForcibly();
        try {
            if (child != null) {
                return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            // not our child: its parent reaps it; a zombie no longer holds anything. A killed process is gone within
            // a millisecond or so, and RemovePodSandbox waits on this (a pod's PID namespace init): look often
            return Waiting.until(() -> !ProcessStat.alive(pid, 0), timeout, KILLED_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
