package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodAddresses;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodRecoveryTest {

    @TempDir
    Path root;
    private final List<String> removedSandboxes = new ArrayList<>();
    private final List<String> disconnected = new ArrayList<>();
    private final AtomicReference<PodNetwork> deployed = new AtomicReference<>();
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private final Set<String> busy = new java.util.HashSet<>();
    private NodeState state;
    private PodRecovery recovery;

    /** Records the sandboxes it is asked to remove. */
    final class RemovingHandler extends DescribedHandler {
        RemovingHandler() {
            super("removing");
        }

        @Override
        public void removeSandbox(String sandboxId) {
            removedSandboxes.add(sandboxId);
        }
    }

    /** Records the pods it disconnects. */
    final class RecordingNetwork implements PodNetwork {
        @Override
        public NetworkStatus status() {
            return NetworkStatus.READY;
        }

        @Override
        public PodAddresses setUp(PodNetworkRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void tearDown(PodNetworkRequest request) {
            disconnected.add(request.podId() + "@" + request.netns());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root);
        PodNetworking network = new PodNetworking(deployed::get);
        recovery = new PodRecovery(handlers, state, network, new NetworkChecks(network, state::pod,
                new dev.orca.core.internal.pods.PodLocks(), null, java.time.Clock.systemUTC(),
                NetworkChecks.DELAY), busy::contains);
    }

    private static SandboxRequest request(String id, NamespaceMode network) {
        return new SandboxRequest(id, "pod-" + id, "default", "uid-" + id, 0, "pod-" + id, "", List.of(), List.of(),
                List.of(), network, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(), List.of(), Map.of(),
                Map.of());
    }

    private static SandboxInfo made(String id) {
        return new SandboxInfo(id, Map.of("network", Path.of("/run/orca/ns/" + id + "/net")), null, null, null, null,
                "");
    }

    @Test
    void halfMadePodsAreDisconnectedRemovedAndForgotten() throws Exception {
        RuntimeHandlerRegistryAccess.bind(handlers, new RemovingHandler(), "runc", true, 1);
        deployed.set(new RecordingNetwork());
        state.addPod(PodRecord.creating(request("a", NamespaceMode.POD), "runc"));
        state.addPod(PodRecord.creating(request("b", NamespaceMode.POD), "runc").madeBy(made("b")));
        state.addPod(PodRecord.creating(request("c", NamespaceMode.POD), "runc").madeBy(made("c")).ready(
                List.of("10.0.0.3")));

        assertEquals(2, recovery.sweep());

        assertEquals(List.of("b@/run/orca/ns/b/net"), disconnected, "only a pod whose sandbox was made is disconnected");
        assertEquals(Set.of("a", "b"), Set.copyOf(removedSandboxes));
        assertEquals(List.of("c"), state.pods().stream().map(PodRecord::id).toList(), "the ready pod stays");
        assertEquals(List.of("c"), new NodeState(root).pods().stream().map(PodRecord::id).toList(), "also on disk");
    }

    @Test
    void aPodWaitsForItsHandlerAndForTheNetworkItNeeds() throws Exception {
        state.addPod(PodRecord.creating(request("b", NamespaceMode.POD), "runc").madeBy(made("b")));
        state.addPod(PodRecord.creating(request("h", NamespaceMode.NODE), "runc").madeBy(made("h")));

        assertEquals(0, recovery.sweep(), "no handler deployed");
        RuntimeHandlerRegistryAccess.bind(handlers, new RemovingHandler(), "runc", true, 1);
        assertEquals(1, recovery.sweep(), "the host-network pod needs no network");
        assertEquals(List.of("b"), state.pods().stream().map(PodRecord::id).toList());

        deployed.set(new RecordingNetwork());
        assertEquals(1, recovery.sweep());
        assertTrue(state.pods().isEmpty());
    }

    @Test
    void aPodBeingMadeNowIsLeftAlone() throws Exception {
        RuntimeHandlerRegistryAccess.bind(handlers, new RemovingHandler(), "runc", true, 1);
        state.addPod(PodRecord.creating(request("a", NamespaceMode.NODE), "runc"));
        busy.add("a");

        assertEquals(0, recovery.sweep());
        assertEquals(List.of(), removedSandboxes);
    }
}
