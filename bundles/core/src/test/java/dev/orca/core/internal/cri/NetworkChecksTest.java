package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.NetworkException;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodAddresses;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkChecksTest {

    private static final Instant T0 = Instant.parse("2026-12-04T19:00:00Z");

    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<PodRecord> recorded = new AtomicReference<>(pod(PodRecord.Phase.READY));
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private final PodLocks locks = new PodLocks();
    private final NetworkChecks networkChecks = new NetworkChecks(new PodNetworking(this::network),
            id -> Optional.ofNullable(recorded.get()).filter(p -> p.id().equals(id)), locks, background,
            new MovableClock(), Duration.ZERO);

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void theFirstVerboseStatusSaysACheckIsComingAndTheNextShowsItsOutcomeAndTime() throws Exception {
        Map<String, String> first = networkChecks.shown(recorded.get());

        assertTrue(first.get("networkCheck").startsWith("not checked yet: a CNI CHECK runs in 0 ms"), first.toString());
        assertFalse(first.containsKey("networkCheckedAt"));
        settle();
        assertEquals(Map.of("networkCheck", "passed", "networkCheckedAt", T0.toString()),
                networkChecks.shown(recorded.get()));
        assertEquals(1, checks.get());
    }

    @Test
    void statusesWhileTheOutcomeIsFreshRunNoPlugInAndAnOldOutcomeAsksForANewCheck() throws Exception {
        networkChecks.shown(recorded.get());
        settle();
        for (int i = 0; i < 10; i++) {
            networkChecks.shown(recorded.get());
        }
        settle();
        assertEquals(1, checks.get());

        now.set(T0.plus(NetworkChecks.FRESH).plusSeconds(1));
        Map<String, String> stale = networkChecks.shown(recorded.get());
        assertEquals(T0.toString(), stale.get("networkCheckedAt"), "the old outcome is shown while a new one runs");
        settle();
        assertEquals(2, checks.get());
        assertEquals(now.get().toString(), networkChecks.shown(recorded.get()).get("networkCheckedAt"));
    }

    @Test
    void manyStatusesAtOnceAskForOneCheck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        background.execute(() -> await(release));
        for (int i = 0; i < 20; i++) {
            networkChecks.shown(recorded.get());
        }
        release.countDown();
        settle();
        assertEquals(1, checks.get());
    }

    @Test
    void aPodStoppedBeforeItsCheckRunsIsNotChecked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        background.execute(() -> await(release));
        networkChecks.shown(recorded.get());
        recorded.set(recorded.get().stopped());
        release.countDown();
        settle();
        assertEquals(0, checks.get());
        assertEquals(0, networkChecks.size());
    }

    @Test
    void aCheckWaitsWhileThePodIsStoppedAndThenFindsItStopped() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = stopHoldingTheLockUntil(stopped);
        networkChecks.shown(recorded.get());
        Thread.sleep(100);
        assertEquals(0, checks.get(), "CHECK ran beside the pod's stop (its DEL)");
        stopped.countDown();
        stopper.join();
        settle();
        assertEquals(0, checks.get());
    }

    @Test
    void aFailedCheckShowsWhatThePlugInSaidAndForgetDropsIt() throws Exception {
        failure.set("plugin type=\"bridge\" failed (check): address 10.88.0.5 is gone");
        networkChecks.shown(recorded.get());
        settle();
        assertEquals("failed: plugin type=\"bridge\" failed (check): address 10.88.0.5 is gone",
                networkChecks.shown(recorded.get()).get("networkCheck"));

        networkChecks.forget(recorded.get().id());

        assertEquals(0, networkChecks.size());
    }

    @Test
    void aStoppedPodShowsNoCheckAndAsksForNone() throws Exception {
        assertEquals(Map.of(), networkChecks.shown(recorded.get().stopped()));
        settle();
        assertEquals(0, checks.get());
    }

    @Test
    void theDaemonsStartChecksOnItsOwnThreadAndKeepsTheOutcome() {
        PodNetworking.CheckOutcome outcome = networkChecks.checkIfReady(recorded.get().id()).orElseThrow();

        assertEquals(PodNetworking.CheckOutcome.Verdict.PASSED, outcome.verdict());
        assertEquals("passed", networkChecks.shown(recorded.get()).get("networkCheck"));
        assertEquals(1, checks.get());
    }

    @Test
    void theStartsCheckWaitsForAStopUnderWayAndThenLeavesTheStoppedPodAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread stop = stopHoldingTheLockUntil(release);
        var checker = Executors.newSingleThreadExecutor();
        var check = checker.submit(() -> networkChecks.checkIfReady(recorded.get().id()));
        Thread.sleep(50);

        assertFalse(check.isDone(), "the check waits while the pod's stop holds its lock");
        release.countDown();
        assertEquals(Optional.empty(), check.get(5, TimeUnit.SECONDS));
        assertEquals(0, checks.get(), "no CHECK ran on the stopped pod's network");
        stop.join();
        checker.shutdown();
    }

    /**
     * A StopPodSandbox as the pod's lock sees it: holds the lock exclusively from before this returns until
     * {@code release}, then records the pod stopped and lets go.
     */
    private Thread stopHoldingTheLockUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread stop = new Thread(() -> locks.exclusive(recorded.get().id(), () -> {
            holding.countDown();
            await(release);
            recorded.set(recorded.get().stopped());
            return null;
        }));
        stop.start();
        holding.await();
        return stop;
    }

    /** Waits until the background thread has run everything given to it so far. */
    private void settle() throws Exception {
        background.schedule(() -> null, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PodNetwork network() {
        return new PodNetwork() {
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
            }

            @Override
            public boolean check(PodNetworkRequest request) throws NetworkException {
                checks.incrementAndGet();
                if (failure.get() != null) {
                    throw new NetworkException(failure.get());
                }
                return true;
            }
        };
    }

    private static PodRecord pod(PodRecord.Phase phase) {
        SandboxRequest request = new SandboxRequest("p1", "web", "default", "uid", 0, "web-host", "/var/log/pods/p",
                List.of(), List.of(), List.of(), NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD,
                "/kubepods/podu", Map.of(), List.of(), List.of(), Map.of(), Map.of());
        SandboxInfo sandbox = new SandboxInfo("p1", Map.of("network", Path.of("/run/orca/ns/net")), null, null, null,
                null, "/kubepods/podu");
        return new PodRecord(request, sandbox, "runc", phase, T0, List.of("10.88.0.5"));
    }

    /** A clock the test moves. */
    private final class MovableClock extends Clock {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
