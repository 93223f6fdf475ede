package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.NetworkException;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.RuntimeHandlerException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StopPodSandbox kills the pod's containers and tears its network down at the same time, and answers only when both
 * have ended; a failure of either is the call's failure, and the pod stays ready for the kubelet's retry.
 */
class PodStopTest {

    private static final Image BUSYBOX = new Image("sha256:b", List.of("busybox"), List.of(), 1, List.of(),
            ImageConfig.EMPTY, Instant.now());

    @TempDir
    Path root;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch tearingDown = new CountDownLatch(1);
    private final ExecutorService work = Executors.newCachedThreadPool();
    private volatile boolean stopSawTeardown;
    private volatile boolean teardownSawStop;
    private volatile boolean teardownEnded;
    private volatile boolean teardownFails;
    private volatile boolean stopFails;
    private volatile boolean withContainers;
    private OnePodNode node;

    @BeforeEach
    void setUp() throws Exception {
        node = new OnePodNode(root, new WaitingHandler(), new DirectoryRootfs(root, BUSYBOX), new WaitingNetwork(),
                work);
    }

    @AfterEach
    void tearDown() {
        work.shutdownNow();
    }

    @Test
    void theContainersAreKilledWhileTheNetworkIsTornDown() {
        String web = running("web");

        node.pods.stop(OnePodNode.POD);

        assertTrue(stopSawTeardown && teardownSawStop, "the kill and the teardown ran at the same time");
        assertTrue(teardownEnded, "the teardown ended before the call answered");
        assertEquals(Phase.EXITED, phases.get(web));
        assertEquals(PodRecord.Phase.NOT_READY, node.state.pod(OnePodNode.POD).orElseThrow().phase());
    }

    @Test
    void aFailedTeardownFailsTheStopOnceTheContainersAreStopped() {
        String web = running("web");
        teardownFails = true;

        CriFailure failure = assertThrows(CriFailure.class, () -> node.pods.stop(OnePodNode.POD));

        assertTrue(failure.getMessage().contains("bridge: DEL failed"), failure.getMessage());
        assertEquals(Phase.EXITED, phases.get(web), "stopped all the same");
        assertEquals(PodRecord.Phase.READY, node.state.pod(OnePodNode.POD).orElseThrow().phase(),
                "still ready: the kubelet stops it again");
    }

    @Test
    void aContainerThatCannotBeStoppedFailsTheStopAfterTheTeardownEnded() {
        running("web");
        stopFails = true;

        CriFailure failure = assertThrows(CriFailure.class, () -> node.pods.stop(OnePodNode.POD));

        assertTrue(failure.getMessage().contains("cannot kill"), failure.getMessage());
        assertTrue(teardownEnded, "the teardown was waited for");
        assertEquals(PodRecord.Phase.READY, node.state.pod(OnePodNode.POD).orElseThrow().phase());
    }

    @Test
    void aPodWithoutContainersIsTornDownOnTheCallersThread() {
        node.pods.stop(OnePodNode.POD);

        assertTrue(teardownEnded);
        assertEquals(PodRecord.Phase.NOT_READY, node.state.pod(OnePodNode.POD).orElseThrow().phase());
    }

    private String running(String name) {
        withContainers = true;
        String id = node.containers.create(OnePodNode.create(name, "sleep"), node.pods.find(OnePodNode.POD));
        node.containers.start(id);
        return id;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A runtime whose stop waits (a while at most) until the pod's network is being torn down. */
    final class WaitingHandler extends PhaseKeepingHandler {
        WaitingHandler() {
            super("waiting", PodStopTest.this.phases);
        }

        @Override
        public void stopContainer(String containerId, Duration timeout, String stopSignal)
                throws RuntimeHandlerException {
            stopping.countDown();
            stopSawTeardown = await(tearingDown);
            if (stopFails) {
                throw new RuntimeHandlerException(RuntimeHandlerException.Kind.FAILED, "container " + containerId
                        + ": cannot kill it");
            }
            super.stopContainer(containerId, timeout, stopSignal);
        }
    }

    /** A network whose teardown waits (a while at most) until a container of the pod is being stopped. */
    final class WaitingNetwork extends PodStartupTest.OneAddressNetwork {
        @Override
        public void tearDown(PodNetworkRequest request) throws NetworkException {
            tearingDown.countDown();
            if (withContainers) {
                teardownSawStop = await(stopping);
            }
            teardownEnded = true;
            if (teardownFails) {
                throw new NetworkException("bridge: DEL failed: no such device");
            }
        }
    }
}
