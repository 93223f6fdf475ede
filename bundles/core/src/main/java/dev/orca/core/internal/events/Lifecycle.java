package dev.orca.core.internal.events;

import dev.orca.core.internal.events.ContainerEvent.Type;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the node's pods and containers change in ways a subscriber hears of: the core's calls report what they did
 * here, and every state a handler reports goes through {@link #record}, which publishes the start and the exit it
 * shows, once, however many callers (a CRI call, the exit watch) see it at the same time.
 */
public final class Lifecycle {

    private final NodeState state;
    private final EventBus<ContainerEvent> bus;

    public Lifecycle(NodeState state, EventBus<ContainerEvent> bus) {
        this.state = state;
        this.bus = bus;
    }

    public EventBus<ContainerEvent> bus() {
        return bus;
    }

    public void containerCreated(ContainerRecord container) {
        publish(Type.CREATED, container);
    }

    /** After the container's record was removed: the event names it, the pod's list no longer has it. */
    public void containerDeleted(ContainerRecord container) {
        publish(Type.DELETED, container);
    }

    /**
     * Records the state a handler reports now, when it differs from the recorded one, and publishes what changed: a
     * start (also of one that has exited already), then an exit. Nothing for a container no longer recorded.
     *
     * @return whether this record is the container's exit: true once per container, for the caller that saw it end
     */
    public synchronized boolean record(String containerId, ContainerState now) throws IOException {
        ContainerState[] before = new ContainerState[1];
        Optional<ContainerRecord> updated = state.updateContainer(containerId, recorded -> {
            before[0] = recorded.lastState();
            return now.equals(recorded.lastState()) ? recorded : recorded.withState(now);
        });
        if (updated.isEmpty() || now.equals(before[0])) {
            return false;
        }
        List<Type> types = transition(before[0], now);
        for (Type type : types) {
            publish(type, updated.get());
        }
        return types.contains(Type.STOPPED);
    }

    /** The events between two states of a container: STARTED when it began to run, STOPPED when it ended. */
    static List<Type> transition(ContainerState before, ContainerState now) {
        Phase was = before == null ? Phase.UNKNOWN : before.phase();
        List<Type> types = new ArrayList<>();
        boolean begun = was == Phase.RUNNING || was == Phase.EXITED;
        if (!begun && (now.phase() == Phase.RUNNING || now.phase() == Phase.EXITED && now.startedAt() != null)) {
            types.add(Type.STARTED);
        }
        if (was != Phase.EXITED && now.phase() == Phase.EXITED) {
            types.add(Type.STOPPED);
        }
        return types;
    }

    /** A pod sandbox was made: it is created and runs (the CRI has no sandbox events of its own). */
    public void sandboxReady(PodRecord pod) {
        publishSandbox(Type.CREATED, pod);
        publishSandbox(Type.STARTED, pod);
    }

    /** A pod sandbox stopped, by StopPodSandbox or by itself (a VM that died): {@code pod} says NOT_READY. */
    public void sandboxStopped(PodRecord pod) {
        publishSandbox(Type.STOPPED, pod);
    }

    public void sandboxDeleted(PodRecord pod) {
        publishSandbox(Type.DELETED, pod);
    }

    private void publish(Type type, ContainerRecord container) {
        state.pod(container.podId()).ifPresent(pod -> bus.publish(new ContainerEvent(type, container.id(),
                Instant.now(), pod, container, state.containersOf(pod.id()))));
    }

    private void publishSandbox(Type type, PodRecord pod) {
        bus.publish(new ContainerEvent(type, pod.id(), Instant.now(), pod, null, state.containersOf(pod.id())));
    }
}
