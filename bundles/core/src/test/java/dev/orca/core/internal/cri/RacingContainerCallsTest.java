package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container calls racing on one pod, against a handler that takes its time: no container outlives its pod's
 * removal, and of several creates of one name exactly one makes anything.
 */
class RacingContainerCallsTest {

    private static final Image BUSYBOX = new Image("sha256:b", List.of("busybox"), List.of(), 1, List.of(),
            ImageConfig.EMPTY, Instant.now());

    @TempDir
    Path root;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstMade = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger creates = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(12);
    private NodeState state;
    private ContainerCalls containers;
    private PodCalls pods;

    @BeforeEach
    void setUp() throws Exception {
        OnePodNode node = new OnePodNode(root, new SlowHandler(), new DirectoryRootfs(root, BUSYBOX));
        state = node.state;
        containers = node.containers;
        pods = node.pods;
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aPodRemovedWhileContainersAreCreatedInItTakesThemAllAlong() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "c" + i;
            calls.add(threads.submit(() -> {
                go.await();
                try {
                    return containers.create(create(name), pods.find("p1"));
                } catch (CriFailure refused) {
                    assertTrue(refused.kind() == CriFailure.Kind.NOT_FOUND, refused.getMessage());
                    return null;
                }
            }));
        }
        Future<?> removal = threads.submit(() -> {
            firstMade.await();
            pods.remove("p1");
            return null;
        });
        go.countDown();
        int made = 0;
        for (Future<String> call : calls) {
            made += call.get(30, TimeUnit.SECONDS) == null ? 0 : 1;
        }
        removal.get(30, TimeUnit.SECONDS);

        assertTrue(made > 0, "a create was under way when the removal began");
        assertEquals(Set.of(), live, "containers the runtime still has after their pod was removed");
        assertEquals(List.of(), state.containers());
        assertTrue(state.pod("p1").isEmpty());
        assertEquals(Map.of(), state.intents().begun());
    }

    @Test
    void ofTenCreatesOfOneNameOneMakesAContainerAndTheOthersAreRefusedBeforeMakingAnything() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(threads.submit(() -> {
                go.await();
                try {
                    return containers.create(create("web"), pods.find("p1"));
                } catch (CriFailure refused) {
                    assertEquals(CriFailure.Kind.ALREADY_EXISTS, refused.kind(), refused.getMessage());
                    return null;
                }
            }));
        }
        go.countDown();
        List<String> made = new ArrayList<>();
        for (Future<String> call : calls) {
            String id = call.get(30, TimeUnit.SECONDS);
            if (id != null) {
                made.add(id);
            }
        }

        assertEquals(1, made.size(), "containers made: " + made);
        assertEquals(Set.copyOf(made), live);
        assertEquals(1, creates.get(), "the runtime was asked to make only that one");
    }

    private static CreateContainerRequest create(String name) {
        return OnePodNode.create(name, "true");
    }

    /** Makes and removes containers as a runtime would, taking a few milliseconds each. */
    final class SlowHandler extends DescribedHandler {
        SlowHandler() {
            super("slow");
        }

        @Override
        public ContainerState createContainer(ContainerRequest request) {
            creates.incrementAndGet();
            pause();
            live.add(request.id());
            firstMade.countDown();
            return state(request.id(), Phase.CREATED);
        }

        @Override
        public void removeContainer(String containerId) {
            pause();
            live.remove(containerId);
        }

        @Override
        public void stopContainer(String containerId, Duration timeout, String stopSignal) {
        }

        @Override
        public ContainerState containerState(String containerId) {
            return state(containerId, live.contains(containerId) ? Phase.CREATED : Phase.UNKNOWN);
        }

        @Override
        public void stopSandbox(String sandboxId) {
        }

        @Override
        public void removeSandbox(String sandboxId) {
        }

        private static ContainerState state(String id, Phase phase) {
            return new ContainerState(id, phase, 0, -1, Instant.EPOCH, null, null, null, null);
        }

        private static void pause() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
