package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.network.cni.internal.PluginExecutor.PluginOutput;
import dev.orca.network.cni.internal.PluginExecutor.PluginTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real plug-in processes (shell scripts): stdin in, both streams out, at once, without the JVM's common pool. */
class ProcessPluginExecutorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private final ProcessPluginExecutor executor = new ProcessPluginExecutor();

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    @Test
    void aPluginGetsItsWholeStdinAndItsStreamsAndExitCodeComeBack() throws Exception {
        Path plugin = script("echoing", "cat; echo 'no such network' >&2; exit 3");
        byte[] config = bytes(1 << 20);

        PluginOutput output = executor.run(plugin, Map.of("CNI_COMMAND", "ADD"), config, TIMEOUT);

        assertEquals(3, output.exitCode());
        assertArrayEquals(config, output.stdout());
        assertEquals("no such network", output.stderr());
    }

    @Test
    void theEnvironmentReachesThePlugin() throws Exception {
        Path plugin = script("env", "cat >/dev/null; printf %s \"$CNI_COMMAND/$CNI_CONTAINERID\"");

        PluginOutput output = executor.run(plugin, Map.of("CNI_COMMAND", "CHECK", "CNI_CONTAINERID", "pod-1"),
                new byte[0], TIMEOUT);

        assertEquals("CHECK/pod-1", new String(output.stdout()));
    }

    /**
     * With every worker of the common pool busy elsewhere in the process (on a two-core node from Java 19 on it has
     * one), a plug-in that reads its stdin before it writes must still be fed and drained.
     */
    @Test
    void pluginsRunWhileEveryWorkerOfTheCommonPoolIsBlocked() throws Exception {
        Path plugin = script("reading-first", "cat; cat /dev/null >&2");
        CountDownLatch release = new CountDownLatch(1);
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch blocked = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
        }
        try {
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the common pool's workers did not all start");
            byte[] config = bytes(256 << 10);

            PluginOutput output = executor.run(plugin, Map.of(), config, TIMEOUT);

            assertEquals(0, output.exitCode());
            assertArrayEquals(config, output.stdout());
        } finally {
            release.countDown();
        }
    }

    @Test
    void manyPluginsAtOnceEachGetTheirOwnOutput() throws Exception {
        Path plugin = script("concurrent", "cat; echo \"$CNI_CONTAINERID\" >&2");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<PluginOutput>> runs = new ArrayList<>();
            List<byte[]> configs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] config = bytes(200 << 10);
                configs.add(config);
                String id = "pod-" + i;
                runs.add(callers.submit(() -> executor.run(plugin, Map.of("CNI_CONTAINERID", id), config, TIMEOUT)));
            }
            for (int i = 0; i < 8; i++) {
                PluginOutput output = runs.get(i).get(60, TimeUnit.SECONDS);
                assertArrayEquals(configs.get(i), output.stdout(), "run " + i);
                assertEquals("pod-" + i, output.stderr());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aPluginThatOverrunsItsTimeIsKilledWithItsChildren() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        Path plugin = script("hanging", "sleep 300 & echo $! > " + pidFile + "; wait");

        PluginTimeoutException timeout = assertThrows(PluginTimeoutException.class,
                () -> executor.run(plugin, Map.of(), new byte[0], Duration.ofMillis(500)));

        assertTrue(timeout.getMessage().contains("did not finish within"), timeout.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true), "the plug-in's child still runs");
    }

    /** A stopping bundle's executor lets its threads go at once, lets a running plug-in finish and starts no more. */
    @Test
    void closingLetsARunningPluginFinishThenEndsThePoolAndRefusesNewRuns() throws Exception {
        Path started = temp.resolve("started");
        Path plugin = script("slow", "touch " + started + "; cat; sleep 0.5; echo done");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<PluginOutput> running = caller.submit(() -> executor.run(plugin, Map.of(), new byte[0], TIMEOUT));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(started), "the plug-in did not start");

            executor.close();

            assertEquals("done\n", new String(running.get(10, TimeUnit.SECONDS).stdout()));
            assertTrue(executor.awaitClosed(Duration.ofSeconds(5)), "the pool's threads outlive close()");
            Files.delete(started);
            IOException refused = assertThrows(IOException.class,
                    () -> executor.run(plugin, Map.of(), new byte[0], TIMEOUT));
            assertEquals(plugin + " not run: the CNI network is stopping", refused.getMessage());
            assertTrue(Files.notExists(started), "a plug-in ran after close()");
        } finally {
            caller.shutdownNow();
        }
    }

    private Path script(String name, String body) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        ThreadLocalRandom.current().nextBytes(data);
        return data;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
