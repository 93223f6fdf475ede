package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.network.cni.internal.PluginExecutor.PluginTimeoutException;
import dev.orca.spi.NetworkException;
import dev.orca.spi.PodNetworkRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DEL of one pod runs once at a time: callers that come while it runs share its outcome. */
class CniTearDownTest {

    /** A plug-in whose DEL blocks until released, then times out as a hung plug-in does. */
    static final class HangingDel implements PluginExecutor {
        final AtomicInteger dels = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hang = true;

        @Override
        public PluginOutput run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout)
                throws IOException {
            if (env.get("CNI_COMMAND").equals("DEL")) {
                dels.incrementAndGet();
                if (hang) {
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new PluginTimeoutException(binary + " did not finish within 1 s and was killed");
                }
            }
            return new PluginOutput(0, new byte[0], "");
        }
    }

    @TempDir
    Path dir;
    private final HangingDel executor = new HangingDel();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    private CniPodNetwork network;
    private final PodNetworkRequest pod = new PodNetworkRequest("pod1", "web", "default", "uid-1", null, List.of(),
            "", Map.of());

    @BeforeEach
    void network() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("hangs"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path conf = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(conf.resolve("10-test.conflist"),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"test\",\"plugins\":[{\"type\":\"hangs\"}]}");
        network = new CniPodNetwork(new CniSettings(conf, List.of(bin), dir.resolve("cache"), Duration.ofSeconds(1),
                Duration.ofMillis(100)), executor);
        network.refreshForTest();
    }

    @AfterEach
    void stop() {
        executor.release.countDown();
        callers.shutdownNow();
        network.close();
    }

    @Test
    void callersWhileADelRunsWaitForItsOutcomeInsteadOfRunningThePluginAgain() throws Exception {
        Future<?> first = callers.submit(() -> {
            network.tearDown(pod);
            return null;
        });
        assertTrue(executor.entered.await(5, TimeUnit.SECONDS), "the first DEL reached the plug-in");
        List<Future<Object>> retries = List.of(
                callers.submit(() -> {
                    network.tearDown(pod);
                    return null;
                }),
                callers.submit(() -> {
                    network.tearDown(pod);
                    return null;
                }));
        Thread.sleep(200);
        executor.release.countDown();

        for (Future<?> call : List.of(first, retries.get(0), retries.get(1))) {
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> call.get(5,
                    TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof NetworkException, failure.toString());
            assertTrue(failure.getCause().getMessage().contains("CNI DEL of plug-in 'hangs'")
                    && failure.getCause().getMessage().contains("did not finish within 1 s and was killed"),
                    failure.getCause().getMessage());
        }
        assertEquals(1, executor.dels.get(), "the plug-in ran once for the three calls");
    }

    @Test
    void aDelAfterTheHungOneEndedRunsThePluginAgainAndSucceeds() throws Exception {
        executor.release.countDown();
        assertThrows(NetworkException.class, () -> network.tearDown(pod));
        executor.hang = false;

        network.tearDown(pod);

        assertEquals(2, executor.dels.get());
    }
}
