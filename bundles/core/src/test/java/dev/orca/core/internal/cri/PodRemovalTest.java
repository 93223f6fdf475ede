package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.wait.Startup;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RemovePodSandbox tears the pod's network down only when StopPodSandbox has not done it already. */
class PodRemovalTest {

    @TempDir
    Path root;
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private final List<String> tornDown = new CopyOnWriteArrayList<>();
    private NodeState state;
    private PodCalls pods;

    /** Gives every pod one address and notes each teardown. */
    final class NotingNetwork extends PodStartupTest.OneAddressNetwork {
        @Override
        public void tearDown(PodNetworkRequest request) {
            tornDown.add(request.podId());
        }
    }

    /** Makes sandboxes that are only records, and stops them. */
    static final class StoppingHandler extends PodStartupTest.SandboxHandler {
        StoppingHandler(Path root) {
            super(root);
        }

        @Override
        public void stopSandbox(String sandboxId) {
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root.resolve("state"));
        RuntimeHandlerRegistryAccess.bind(handlers, new StoppingHandler(root), "runc", true, 1);
        PodNetwork network = new NotingNetwork();
        PodNetworking networking = new PodNetworking(() -> network, () -> network);
        dev.orca.core.internal.pods.PodLocks locks = new dev.orca.core.internal.pods.PodLocks();
        pods = new PodCalls(handlers, state, null, networking, new Lifecycle(state, new EventBus<>(16)),
                new Startup(Duration.ZERO, Map.of()), locks,
                new NetworkChecks(networking, state::pod, locks, null, java.time.Clock.systemUTC(),
                        NetworkChecks.DELAY), Runnable::run);
    }

    private String run(String name) {
        return pods.run(RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(name)))
                .build());
    }

    @Test
    void aStoppedPodIsRemovedWithoutASecondTeardown() {
        String id = run("stopped-first");

        pods.stop(id);
        pods.remove(id);

        assertEquals(List.of(id), tornDown, "the stop's DEL only");
        assertTrue(state.pod(id).isEmpty());
    }

    @Test
    void aPodRemovedWithoutAStopIsTornDownByTheRemove() {
        String id = run("removed-ready");

        pods.remove(id);

        assertEquals(List.of(id), tornDown);
        assertTrue(state.pod(id).isEmpty());
    }
}
