package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.core.internal.wait.ServiceSlot;
import dev.orca.core.internal.wait.Startup;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodAddresses;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunPodSandbox fired the moment the socket answers, while the handler and network bundles are still starting: it
 * waits for them (as their services arrive) instead of failing, and fails as clearly as before once the start-up
 * wait is over.
 */
class PodStartupTest {

    @TempDir
    Path root;
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private final ServiceSlot<PodNetwork> network = new ServiceSlot<>(this::startupLeft);
    private boolean imageStore;
    private Startup startup;
    private NodeState state;

    /** Makes sandboxes that are only records. */
    static class SandboxHandler extends DescribedHandler {
        private final Path root;

        SandboxHandler(Path root) {
            super("sandboxes");
            this.root = root;
        }

        @Override
        public SandboxInfo runSandbox(SandboxRequest request) {
            return new SandboxInfo(request.id(), Map.of("network", root.resolve("netns-" + request.id())), null, null,
                    null, null, "");
        }

        @Override
        public void removeSandbox(String sandboxId) {
        }
    }

    /** Gives every pod one address; its teardown does nothing unless a test overrides it. */
    static class OneAddressNetwork implements PodNetwork {
        @Override
        public NetworkStatus status() {
            return NetworkStatus.READY;
        }

        @Override
        public PodAddresses setUp(PodNetworkRequest request) {
            return new PodAddresses(List.of("10.88.0.7"));
        }

        @Override
        public void tearDown(PodNetworkRequest request) throws dev.orca.spi.NetworkException {
        }
    }

    private Duration startupLeft() {
        return startup.left();
    }

    private void startingFor(Duration wait) {
        Map<String, BooleanSupplier> parts = new LinkedHashMap<>();
        parts.put(Startup.DEFAULT_HANDLER, () -> handlers.defaultHandler().isPresent());
        parts.put(Startup.IMAGE_STORE, () -> imageStore);
        parts.put(Startup.POD_NETWORK, () -> network.current().isPresent());
        startup = new Startup(wait, parts);
    }

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root.resolve("state"));
    }

    private PodCalls pods() {
        PodNetworking networking = new PodNetworking(() -> network.current().orElse(null),
                () -> network.await().orElse(null));
        dev.orca.core.internal.pods.PodLocks locks = new dev.orca.core.internal.pods.PodLocks();
        return new PodCalls(handlers, state, null, networking, new Lifecycle(state, new EventBus<>(16)), startup,
                locks, new NetworkChecks(networking, state::pod, locks, null, java.time.Clock.systemUTC(),
                NetworkChecks.DELAY), Runnable::run);
    }

    private static RunPodSandboxRequest pod(String name) {
        return RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(name)))
                .build();
    }

    /** Registers the handler after {@code handlerMillis} and the network after {@code networkMillis}. */
    private Thread bundlesStartingLater(long handlerMillis, long networkMillis) {
        Thread bundles = new Thread(() -> {
            pause(handlerMillis);
            RuntimeHandlerRegistryAccess.bind(handlers, new SandboxHandler(root), "runc", true, 1);
            pause(networkMillis - handlerMillis);
            network.set(new OneAddressNetwork());
        });
        bundles.start();
        return bundles;
    }

    @Test
    void aPodAskedForAsTheSocketOpensWaitsForTheHandlerAndTheNetwork() throws Exception {
        startingFor(Duration.ofSeconds(10));
        Thread bundles = bundlesStartingLater(300, 600);
        long started = System.nanoTime();

        String id = pods().run(pod("early"));

        long millis = (System.nanoTime() - started) / 1_000_000;
        bundles.join();
        assertTrue(millis >= 550 && millis < 5000, "waited " + millis + " ms");
        PodRecord made = state.pod(id).orElseThrow();
        assertEquals(PodRecord.Phase.READY, made.phase());
        assertEquals(List.of("10.88.0.7"), made.ips(), "connected to the network that came last");
    }

    @Test
    void afterTheStartupWaitThePodIsRefusedAsClearlyAsBefore() {
        startingFor(Duration.ofMillis(300));
        long started = System.nanoTime();

        Status status = StatusMapping.toStatus(assertThrows(CriFailure.class, () -> pods().run(pod("late"))))
                .getStatus();

        assertTrue(System.nanoTime() - started >= 250_000_000L, "it waited for the start-up");
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertEquals("no default runtime handler is deployed; available: none", status.getDescription());
        long again = System.nanoTime();
        assertThrows(CriFailure.class, () -> pods().run(pod("later")));
        assertTrue(System.nanoTime() - again < 200_000_000L, "once the start-up is over, no call waits for it");
    }

    @Test
    void statusSaysWhatTheStartingNodeStillLacks() {
        startingFor(Duration.ofSeconds(10));
        RuntimeHandlerRegistryAccess.bind(handlers, new SandboxHandler(root), "runc", true, 1);
        StatusCall status = new StatusCall(handlers, new NodeParts(startup, () -> imageStore,
                () -> network.current().orElse(null), () -> null), type -> Optional.empty(), () -> null);

        var conditions = status.answer(StatusRequest.getDefaultInstance()).getStatus().getConditionsList();
        RuntimeCondition runtime = conditions.get(0);
        RuntimeCondition net = conditions.get(1);

        assertFalse(runtime.getStatus());
        assertEquals("NoImageStore", runtime.getReason());
        assertTrue(runtime.getMessage().startsWith("no image store is deployed"), runtime.getMessage());
        assertTrue(runtime.getMessage().contains("the node is starting"), runtime.getMessage());
        assertFalse(net.getStatus());
        assertEquals("NetworkPluginNotReady", net.getReason());
        assertTrue(net.getMessage().contains("the node is starting"), net.getMessage());

        imageStore = true;
        network.set(new OneAddressNetwork());
        conditions = status.answer(StatusRequest.getDefaultInstance()).getStatus().getConditionsList();
        assertTrue(conditions.get(0).getStatus(), conditions.get(0).toString());
        assertTrue(conditions.get(1).getStatus(), conditions.get(1).toString());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
