package dev.orca.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.events.ContainerEvent.Type;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which events a container's states give, and that an exit seen by many callers at once is published once. */
class LifecycleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;

    @Test
    void aStartIsPublishedWhenTheContainerRunsAndAnExitWhenItEnds() {
        assertEquals(List.of(Type.STARTED), Lifecycle.transition(state(Phase.CREATED, null), state(Phase.RUNNING, T0)));
        assertEquals(List.of(Type.STOPPED), Lifecycle.transition(state(Phase.RUNNING, T0), state(Phase.EXITED, T0)));
        assertEquals(List.of(), Lifecycle.transition(state(Phase.RUNNING, T0), state(Phase.RUNNING, T0)));
        assertEquals(List.of(), Lifecycle.transition(state(Phase.EXITED, T0), state(Phase.EXITED, T0)));
    }

    @Test
    void aContainerThatExitedBeforeAnyoneSawItRunIsStartedThenStopped() {
        assertEquals(List.of(Type.STARTED, Type.STOPPED),
                Lifecycle.transition(state(Phase.CREATED, null), state(Phase.EXITED, T0)));
    }

    @Test
    void aContainerStoppedBeforeItEverStartedIsOnlyStopped() {
        assertEquals(List.of(Type.STOPPED), Lifecycle.transition(state(Phase.CREATED, null), state(Phase.EXITED, null)));
    }

    @Test
    void anExitSeenByManyCallersAtOnceIsRecordedAndPublishedOnce() throws Exception {
        NodeState state = new NodeState(root);
        EventBus<ContainerEvent> bus = new EventBus<>(100);
        Subscription<ContainerEvent> events = bus.subscribe("test", () -> { });
        Lifecycle lifecycle = new Lifecycle(state, bus);
        PodRecord pod = pod("p1");
        state.addPod(pod);
        ContainerRecord container = new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha", "sha", "runc", null,
                Map.of(), Map.of(), List.of(), T0, state(Phase.RUNNING, T0), null, false);
        state.addContainer(container);
        lifecycle.containerCreated(container);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            callers.execute(() -> {
                try {
                    go.await();
                    lifecycle.record("c1", state(Phase.EXITED, T0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        go.countDown();
        callers.shutdown();
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
        List<ContainerEvent> seen = new ArrayList<>();
        for (ContainerEvent e = events.poll(); e != null; e = events.poll()) {
            seen.add(e);
        }
        assertEquals(List.of(Type.CREATED, Type.STOPPED), seen.stream().map(ContainerEvent::type).toList());
        ContainerEvent stopped = seen.get(1);
        assertEquals("c1", stopped.id());
        assertEquals(Phase.EXITED, stopped.subject().lastState().phase());
        assertEquals(Phase.EXITED, stopped.containers().get(0).lastState().phase(), "the pod's list is as recorded");
        assertEquals(Phase.EXITED, state.container("c1").orElseThrow().lastState().phase());
    }

    @Test
    void aStateReadJustBeforeARemovalDoesNotBringTheContainerBack() throws Exception {
        NodeState state = new NodeState(root);
        Subscription<ContainerEvent> events = new EventBus<ContainerEvent>(100).subscribe("test", () -> { });
        Lifecycle lifecycle = new Lifecycle(state, new EventBus<>(100));
        state.addPod(pod("p1"));
        state.addContainer(new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha", "sha", "runc", null,
                Map.of(), Map.of(), List.of(), T0, state(Phase.RUNNING, T0), null, false));

        assertTrue(state.removeContainer("c1"));
        lifecycle.record("c1", state(Phase.EXITED, T0));

        assertTrue(state.container("c1").isEmpty(), "not in memory");
        assertTrue(new NodeState(root).container("c1").isEmpty(), "not on disk");
        assertFalse(state.removeContainer("c1"), "a second removal finds nothing");
        assertEquals(null, events.poll());
    }

    private static ContainerState state(Phase phase, Instant started) {
        return new ContainerState("c1", phase, phase == Phase.RUNNING ? 7 : 0, phase == Phase.EXITED ? 3 : -1, T0,
                started, phase == Phase.EXITED ? T0 : null, phase == Phase.EXITED ? "Error" : null, null);
    }

    private static PodRecord pod(String id) {
        SandboxRequest request = new SandboxRequest(id, "pod", "default", "uid-" + id, 0, "pod", "", List.of(),
                List.of(), List.of(), NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), Map.of(), null);
        return new PodRecord(request, null, "runc", PodRecord.Phase.READY, T0, List.of());
    }
}
