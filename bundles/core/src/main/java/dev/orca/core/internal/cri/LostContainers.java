package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.time.Instant;

/**
 * The state of a recorded container its deployed handler no longer knows: its run-time state went with the run root
 * (a node reboot empties {@code /run}), so nothing of it runs and nothing of it can start. It is EXITED, as CRI-O and
 * containerd report a container whose exit nobody saw (exit code 255), so that the kubelet makes it again and can
 * remove it; an exit recorded before stays as it was.
 */
final class LostContainers {

    /** The CRI {@code reason} of such a container. */
    static final String REASON = "ContainerLost";
    static final int EXIT_CODE = 255;

    private LostContainers() {
    }

    static ContainerState stateOf(ContainerRecord container, String handlerSaid, Instant now) {
        ContainerState last = container.lastState();
        if (last != null && last.phase() == Phase.EXITED) {
            return last;
        }
        Instant started = last == null ? null : last.startedAt();
        return new ContainerState(container.id(), Phase.EXITED, 0, EXIT_CODE, container.createdAt(), started, now,
                REASON, "container " + container.id() + " is no longer known to runtime handler '"
                        + container.handler() + "' (" + handlerSaid + "); its run-time state is gone, as after a "
                        + "node reboot, and it does not run");
    }
}
