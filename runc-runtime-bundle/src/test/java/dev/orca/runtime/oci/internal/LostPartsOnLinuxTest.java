package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.RuntimeHandlerException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts a running container depends on that go away under it, with the real runc and conmon as root: its conmon
 * killed, its runtime binary moved away and back.
 */
class LostPartsOnLinuxTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TinyContainers tiny;
    private Path runtime;
    private Path movedAway;
    private RuntimeSettings settings;
    private OciRuntimeHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(TinyContainers.canRun(), "needs root, runc, conmon and busybox");
        tiny = new TinyContainers(dir);
        runtime = Files.copy(Path.of("/usr/sbin/runc"), Files.createDirectories(dir.resolve("bin")).resolve("runc"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        movedAway = runtime.resolveSibling("runc.away");
        Path runRoot = dir.resolve("run");
        settings = new RuntimeSettings("runc-copy", runtime, runRoot.resolve("root"), List.of(),
                Path.of("/usr/bin/conmon"), runRoot).validated();
        handler = new OciRuntimeHandler(settings, new ProcessCommands());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tiny != null) {
            if (Files.exists(movedAway)) {
                Files.move(movedAway, runtime);
            }
            tiny.cleanUp(handler);
        }
    }

    @Test
    void aContainerWhoseConmonIsKilledRunsOnIsStoppedAndItsEndIsReportedWithAnUnknownExitCode() throws Exception {
        String id = tiny.newId();
        Path log = dir.resolve("logs/c.log");
        handler.createContainer(tiny.request(id, log, "sh", "-c", "echo started; exec sleep 600"));
        handler.startContainer(id);
        await(() -> Files.exists(log) && Files.readString(log).contains("stdout F started"));
        long conmon = Long.parseLong(Files.readString(settings.runRoot().resolve("containers/" + id + "/conmon.pid"))
                .strip());
        ProcessHandle monitor = ProcessHandle.of(conmon).orElseThrow();

        monitor.destroyForcibly();
        await(() -> !monitor.isAlive());

        ContainerState running = handler.containerState(id);
        assertEquals(Phase.RUNNING, running.phase(), running.toString());
        assertEquals(0, handler.execSync(id, List.of("true"), WAIT, 1000).exitCode(), "exec needs no conmon");

        handler.stopContainer(id, Duration.ofSeconds(1), "SIGTERM");

        ContainerState ended = handler.containerState(id);
        assertEquals(Phase.EXITED, ended.phase(), ended.toString());
        assertEquals(255, ended.exitCode(), "unknown, as runc says it");
        assertEquals("Error", ended.reason());
        assertTrue(ended.message().contains("conmon") && ended.message().contains("exit code is unknown"),
                ended.message());
        assertNotNull(ended.finishedAt());
        assertEquals(ended, handler.containerState(id), "the end keeps its time");
        assertTrue(Files.readString(log).contains("stdout F started"), "the log written before stays");

        handler.removeContainer(id);
        assertFalse(runcList().contains(id));
        assertFalse(Files.exists(settings.runRoot().resolve("containers/" + id)));
    }

    @Test
    void anEndWhileConmonIsGoneIsNoticedWithoutAStop() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sh", "-c", "while [ ! -e /dev/shm/end ]; do sleep 0.1; done"));
        handler.startContainer(id);
        long conmon = Long.parseLong(Files.readString(settings.runRoot().resolve("containers/" + id + "/conmon.pid"))
                .strip());
        ProcessHandle.of(conmon).orElseThrow().destroyForcibly();
        await(() -> ProcessHandle.of(conmon).isEmpty());

        handler.execSync(id, List.of("sh", "-c", ": > /dev/shm/end"), WAIT, 1000);

        ContainerState ended = TinyContainers.await(handler, id, s -> s.phase() != Phase.RUNNING, WAIT);
        assertEquals(Phase.EXITED, ended.phase(), "never UNKNOWN: " + ended);
        assertTrue(ended.message().contains("conmon"), ended.message());
    }

    @Test
    void aRuntimeBinaryMovedAwayIsNamedByEveryCallThatNeedsItAndCallsWorkOnceItIsBack() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sleep", "600"));
        handler.startContainer(id);

        Files.move(runtime, movedAway);

        assertEquals("runtime binary " + runtime + " does not exist or is not executable",
                handler.unavailability().orElseThrow());
        assertEquals(Phase.RUNNING, handler.containerState(id).phase(), "its state is read from its files");
        String expected = "runtime handler 'runc-copy' is not available: runtime binary " + runtime
                + " does not exist or is not executable; container " + id + " cannot be reached until it is back";
        for (Call call : List.<Call>of(() -> handler.execSync(id, List.of("true"), WAIT, 1000),
                () -> handler.stopContainer(id, Duration.ofSeconds(1), "SIGTERM"),
                () -> handler.removeContainer(id))) {
            RuntimeHandlerException refused = assertThrows(RuntimeHandlerException.class, call::run);
            assertEquals(Kind.FAILED_PRECONDITION, refused.kind());
            assertEquals(expected, refused.getMessage());
        }
        assertTrue(Files.isDirectory(settings.runRoot().resolve("containers/" + id)), "nothing removed blind");

        Files.move(movedAway, runtime);

        assertTrue(handler.unavailability().isEmpty());
        assertEquals(0, handler.execSync(id, List.of("true"), WAIT, 1000).exitCode());
        handler.removeContainer(id);
        assertFalse(runcList().contains(id));
    }

    private interface Call {
        void run() throws Exception;
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(50);
        }
    }

    private String runcList() throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/runc", "--root", settings.runtimeRoot().toString(), "list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
