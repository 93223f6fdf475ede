package dev.orca.core.internal.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Container calls share a pod; its stop and removal have it alone; no lock outlives its users. */
class PodLocksTest {

    private final PodLocks locks = new PodLocks();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void containerCallsOnOnePodRunTogether() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Future<Boolean> first = threads.submit(() -> locks.shared("p", () -> meet(both)));
        Future<Boolean> second = threads.submit(() -> locks.shared("p", () -> meet(both)));

        assertTrue(first.get(10, TimeUnit.SECONDS) && second.get(10, TimeUnit.SECONDS), "both held it at once");
    }

    @Test
    void aRemovalWaitsForTheContainerCallUnderWayAndACreateAfterItWaitsForTheRemoval() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean removed = new AtomicBoolean();
        Future<?> create = threads.submit(() -> locks.shared("p", () -> {
            holding.countDown();
            await(release);
            return assertFalseNow(removed);
        }));
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        Future<?> removal = threads.submit(() -> locks.exclusive("p", () -> {
            removed.set(true);
            return null;
        }));
        Thread.sleep(200);
        assertFalse(removal.isDone(), "the removal waits while a container call holds the pod");
        release.countDown();
        create.get(10, TimeUnit.SECONDS);
        removal.get(10, TimeUnit.SECONDS);
        assertTrue(removed.get());
    }

    @Test
    void aPodStopMayStopItsContainersWhileHoldingThePodAlone() {
        assertEquals("stopped", locks.exclusive("p", () -> locks.shared("p", () -> "stopped")));
    }

    @Test
    void otherPodsAreNotHeldUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> locks.exclusive("p", () -> await(release)));
        Thread.sleep(100);
        assertEquals("other", threads.submit(() -> locks.shared("q", () -> "other")).get(5, TimeUnit.SECONDS));
        release.countDown();
    }

    @Test
    void noLockIsKeptOnceNobodyHoldsIt() throws Exception {
        for (int i = 0; i < 1000; i++) {
            String pod = "pod-" + i;
            threads.submit(() -> locks.shared(pod, () -> locks.exclusive(pod + "x", () -> null)));
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, locks.size());
    }

    private static boolean meet(CountDownLatch both) {
        both.countDown();
        return await(both);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Object assertFalseNow(AtomicBoolean removed) {
        assertFalse(removed.get(), "the pod was removed under a container call");
        return null;
    }
}
