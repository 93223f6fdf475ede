package dev.orca.runtime.oci.internal;

import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.util.Optional;

/** Puts a container's state together from the runtime's view, conmon's exit file and the recorded times. */
final class ContainerStates {

    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";
    static final String OOM_KILLED = ContainerState.OOM_KILLED;
    /** The code of an end nobody could read (conmon was gone): 255, as runc and containerd say unknown. */
    static final int UNKNOWN_EXIT_CODE = 255;

    private ContainerStates() {
    }

    /**
     * @param runtime what the runtime says, {@link RuntimeStatus#UNKNOWN} when it does not know the container
     * @param exit conmon's exit file, once written, or the end noted without it
     * @param oomKilled whether the kernel killed it for memory
     */
    static ContainerState of(String id, RuntimeStatus runtime, Optional<ExitRecord> exit, ContainerTimes times,
            boolean oomKilled) {
        if (exit.isPresent() && exit.get().monitorLost()) {
            return new ContainerState(id, Phase.EXITED, 0, UNKNOWN_EXIT_CODE, times.createdAt(), times.startedAt(),
                    exit.get().at(), oomKilled ? OOM_KILLED : ERROR, "container " + id + " ended after its monitor (conmon) was gone:"
                            + " its exit code is unknown");
        }
        if (exit.isPresent()) {
            int code = exit.get().exitCode();
            String reason = oomKilled ? OOM_KILLED : code == 0 ? COMPLETED : ERROR;
            return new ContainerState(id, Phase.EXITED, 0, code, times.createdAt(), times.startedAt(),
                    exit.get().at(), reason, "");
        }
        return switch (runtime.status()) {
            case "created", "creating" -> new ContainerState(id, Phase.CREATED, runtime.pid(), -1, times.createdAt(),
                    null, null, "", "");
            case "running", "paused", "pausing" -> new ContainerState(id, Phase.RUNNING, runtime.pid(), -1,
                    times.createdAt(), times.startedAt(), null, "", "");
            case "stopped" -> new ContainerState(id, Phase.EXITED, 0, -1, times.createdAt(), times.startedAt(), null,
                    oomKilled ? OOM_KILLED : ERROR, "container " + id + " stopped but its monitor wrote no exit code");
            default -> new ContainerState(id, Phase.UNKNOWN, 0, -1, times.createdAt(), times.startedAt(), null, "",
                    "container " + id + " is unknown to the runtime and its monitor wrote no exit code");
        };
    }

    /**
     * The phase, and for an ended container how and when it ended, as a refusal names it: {@code EXITED (exit code
     * 137, Error, at 2026-12-08T00:30:34Z, never started)}.
     */
    static String describe(ContainerState state) {
        if (state.phase() != Phase.EXITED) {
            return state.phase().name();
        }
        StringBuilder text = new StringBuilder("EXITED (exit code ")
                .append(state.exitCode() < 0 ? "unknown" : Integer.toString(state.exitCode()));
        if (!state.reason().isEmpty()) {
            text.append(", ").append(state.reason());
        }
        if (state.finishedAt() != null) {
            text.append(", at ").append(state.finishedAt());
        }
        if (state.startedAt() == null) {
            text.append(", never started");
        }
        if (!state.message().isEmpty()) {
            text.append(": ").append(state.message());
        }
        return text.append(')').toString();
    }
}
