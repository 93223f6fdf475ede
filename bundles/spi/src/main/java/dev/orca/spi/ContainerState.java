package dev.orca.spi;

import java.time.Instant;

/**
 * A container's state as its runtime and monitor know it.
 *
 * @param pid the init process's pid while it runs, else 0
 * @param exitCode once exited; -1 while unknown
 * @param reason once exited: {@code Completed}, {@code Error} or {@link #OOM_KILLED}
 * @param message what the runtime said, when it failed
 */
public record ContainerState(String id, Phase phase, int pid, int exitCode, Instant createdAt, Instant startedAt,
        Instant finishedAt, String reason, String message) {

    /** The reason of a container the kernel's OOM killer ended (the kubelet's word). */
    public static final String OOM_KILLED = "OOMKilled";

    /** Where in its life a container is. */
    public enum Phase { CREATED, RUNNING, EXITED, UNKNOWN }
}
