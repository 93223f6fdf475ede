package dev.orca.runtime.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.runtime.vm.internal.agent.ExitStatus;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container of a VM pod as the handler keeps it on disk: its pod, its channel in the VM, its log, and what became
 * of it. Times are nanoseconds since the epoch (0: not yet).
 *
 * @param exitCode -1 until it exited
 * @param reason once exited: Completed, Error, OOMKilled, or why the handler decided it exited (the VM died)
 */
record ContainerRecord(String id, String sandboxId, int channel, String logPath, boolean stdin, boolean stdinOnce,
        boolean tty, int pid, long createdNanos, long startedNanos, long finishedNanos, int exitCode, String reason,
        String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ContainerRecord read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ContainerRecord.class);
    }

    void write(Path file) throws IOException {
        StateFiles.replaceUnflushed(file, JSON.writeValueAsBytes(this));
    }

    boolean exited() {
        return exitCode >= 0;
    }

    ContainerRecord started(long nanos) {
        return new ContainerRecord(id, sandboxId, channel, logPath, stdin, stdinOnce, tty, pid, createdNanos, nanos,
                finishedNanos, exitCode, reason, message);
    }

    /** Exited as the agent said: OOMKilled when its cgroup counted an OOM kill, else Completed or Error. */
    ContainerRecord exited(ExitStatus status) {
        String why = status.oom() ? dev.orca.spi.ContainerState.OOM_KILLED : status.code() == 0 ? "Completed" : "Error";
        long finished = status.finished() == null ? now() : nanos(status.finished());
        return new ContainerRecord(id, sandboxId, channel, logPath, stdin, stdinOnce, tty, 0, createdNanos,
                startedNanos, finished, Math.max(0, status.code()), why, "");
    }

    /** Exited for a reason the handler knows (the VM exited): no code from the guest, so 255 as runc's unknown. */
    ContainerRecord lost(String why, String what) {
        return new ContainerRecord(id, sandboxId, channel, logPath, stdin, stdinOnce, tty, 0, createdNanos,
                startedNanos, now(), 255, why, what);
    }

    ContainerState state() {
        Phase phase = exited() ? Phase.EXITED : startedNanos > 0 ? Phase.RUNNING : Phase.CREATED;
        return new ContainerState(id, phase, phase == Phase.RUNNING ? pid : 0, exitCode, instant(createdNanos),
                instant(startedNanos), instant(finishedNanos), reason == null ? "" : reason,
                message == null ? "" : message);
    }

    static long now() {
        return nanos(Instant.now());
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return nanos <= 0 ? null : Instant.ofEpochSecond(0, nanos);
    }
}
