package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.ExecResult;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.NetworkUsage;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.RuntimeHandlerException.Kind;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler with the real runc and conmon, as root, on a busybox root filesystem. */
class OciContainersOnLinuxTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TinyContainers tiny;
    private RuntimeSettings settings;
    private OciRuntimeHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(TinyContainers.canRun(), "needs root, runc, conmon and busybox");
        tiny = new TinyContainers(dir);
        Path runRoot = dir.resolve("run");
        settings = new RuntimeSettings("runc", Path.of("/usr/sbin/runc"), runRoot.resolve("root"), List.of(),
                Path.of("/usr/bin/conmon"), runRoot).validated();
        handler = new OciRuntimeHandler(settings, new ProcessCommands());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tiny != null) {
            tiny.cleanUp(handler);
        }
    }

    @Test
    void aCreatedContainerKilledBeforeItsStartIsRefusedWithHowItEndedAndRemovesCleanly() throws Exception {
        String id = tiny.newId();
        ContainerState created = handler.createContainer(tiny.request(id, null, "sleep", "60"));
        ProcessHandle.of(created.pid()).orElseThrow().destroyForcibly();
        TinyContainers.await(handler, id, s -> s.phase() == Phase.EXITED, WAIT);

        RuntimeHandlerException refused = assertThrows(RuntimeHandlerException.class,
                () -> handler.startContainer(id));
        assertEquals(Kind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().startsWith("container " + id + " cannot start: it is EXITED (exit code 137,"),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith(", never started)"), refused.getMessage());
        handler.removeContainer(id);
        assertFalse(Files.exists(settings.runRoot().resolve("containers").resolve(id)), "its bundle is gone");
        assertFalse(runcList().contains(id), "runc knows it no more");
    }

    @Test
    void anExitCodeIsReportedAsErrorAndTheOutputIsACriLog() throws Exception {
        String id = tiny.newId();
        Path log = dir.resolve("logs/c.log");
        var request = new dev.orca.spi.ContainerRequest(id, "s", tiny.spec(id, -500, "sh", "-c",
                "echo hello; echo oops >&2; exit 3"), log, false, false, false);

        ContainerState created = handler.createContainer(request);
        assertEquals(Phase.CREATED, created.phase());
        assertTrue(created.pid() > 0);
        handler.startContainer(id);
        ContainerState exited = TinyContainers.await(handler, id, s -> s.phase() == Phase.EXITED, WAIT);

        assertEquals(Phase.EXITED, exited.phase(), exited.toString());
        assertEquals(3, exited.exitCode());
        assertEquals("Error", exited.reason());
        assertNotNull(exited.createdAt());
        assertNotNull(exited.startedAt());
        assertNotNull(exited.finishedAt());
        List<String> lines = Files.readAllLines(log);
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+(Z|[+-]\\d\\d:\\d\\d) ";
        assertTrue(lines.stream().anyMatch(l -> l.matches(stamp + "stdout F hello")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(stamp + "stderr F oops")), lines.toString());
        int written = new ObjectMapper().readTree(settings.runRoot().resolve("containers/" + id + "/config.json")
                .toFile()).path("process").path("oomScoreAdj").asInt();
        assertTrue(written >= 0, "oom_score_adj clamped to what the kernel allows: " + written);
    }

    @Test
    void aZeroExitIsCompletedAndTheStateSurvivesARestartOfTheHandler() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sh", "-c", "exit 0"));
        handler.startContainer(id);
        TinyContainers.await(handler, id, s -> s.phase() == Phase.EXITED, WAIT);

        String running = tiny.newId();
        handler.createContainer(tiny.request(running, null, "sleep", "600"));
        handler.startContainer(running);

        OciRuntimeHandler restarted = new OciRuntimeHandler(settings, new ProcessCommands());
        ContainerState state = restarted.containerState(id);
        assertEquals(Phase.RUNNING, restarted.containerState(running).phase());
        ExecResult exec = restarted.execSync(running, List.of("true"), WAIT, 1000);
        assertEquals(0, exec.exitCode(), new String(exec.stderr(), StandardCharsets.UTF_8));
        restarted.stopContainer(running, Duration.ofSeconds(5), "SIGKILL");
        assertEquals(137, restarted.containerState(running).exitCode());

        assertEquals(Phase.EXITED, state.phase());
        assertEquals(0, state.exitCode());
        assertEquals("Completed", state.reason());
        assertNotNull(state.startedAt());
    }

    @Test
    void stopSendsTheSignalThenKillsAfterTheTimeout() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sleep", "600"));
        handler.startContainer(id);
        assertEquals(Phase.RUNNING, handler.containerState(id).phase());

        long start = System.nanoTime();
        // sleep is pid 1 of its namespace: SIGTERM without a handler is ignored, so SIGKILL must follow
        handler.stopContainer(id, Duration.ofSeconds(1), "SIGTERM");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        ContainerState state = handler.containerState(id);
        assertEquals(Phase.EXITED, state.phase());
        assertEquals(137, state.exitCode());
        assertTrue(elapsedMs >= 1000, "waited " + elapsedMs + " ms");
        handler.stopContainer(id, Duration.ofSeconds(1), "SIGTERM"); // idempotent
    }

    @Test
    void execRunsInTheContainerCapsOutputAndKillsOnTimeout() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sleep", "600"));
        handler.startContainer(id);

        ExecResult hi = handler.execSync(id, List.of("echo", "hi"), WAIT, 1024);
        assertEquals(0, hi.exitCode());
        assertArrayEquals("hi\n".getBytes(StandardCharsets.UTF_8), hi.stdout());
        assertFalse(hi.truncated());
        ExecResult unlimited = handler.execSync(id, List.of("sh", "-c", "sleep 1; echo late"), null, 1024);
        assertArrayEquals("late\n".getBytes(StandardCharsets.UTF_8), unlimited.stdout(), "no timeout: waits");

        ExecResult flood = handler.execSync(id, List.of("sh", "-c", "yes | head -c 20000000"), WAIT, 1000);
        assertTrue(flood.truncated());
        // one budget for stdout, stderr and the marker together: the flood fills what the marker leaves
        assertTrue(flood.stdout().length > 0, "the flood's first bytes are kept");
        assertEquals(1000, flood.stdout().length + flood.stderr().length);
        assertTrue(flood.exitCode() != 0);
        assertTrue(new String(flood.stderr(), StandardCharsets.UTF_8).contains("1000 bytes"));

        // past the first mebibyte the output goes to a file without a name, freed when the result is closed
        try (ExecResult large = handler.execSync(id, List.of("sh", "-c", "yes | head -c 5000000"), WAIT, 1 << 24)) {
            assertFalse(large.truncated());
            assertEquals(5_000_000, large.stdoutBytes());
            byte[] out = large.stdout();
            assertEquals(5_000_000, out.length);
            for (int i = 0; i < out.length; i++) {
                assertEquals(i % 2 == 0 ? 'y' : '\n', out[i], "byte " + i);
            }
            assertTrue(spillFilesOpen() > 0, "the output was spilled");
        }
        assertEquals(0, spillFilesOpen(), "closing the result freed its file");

        long start = System.nanoTime();
        RuntimeHandlerException timedOut = assertThrows(RuntimeHandlerException.class,
                () -> handler.execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1), 1024));
        assertEquals(Kind.TIMED_OUT, timedOut.kind());
        assertTrue(timedOut.getMessage().contains("sleep"), timedOut.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        List<String> procs = Files.readAllLines(TinyContainers.CGROUPS.resolve("pids")
                .resolve(tiny.cgroupsPath(id).substring(1)).resolve("cgroup.procs"));
        assertEquals(1, procs.size(), "only the container's init is left: " + procs);
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("exec --process " + settings.runRoot())), "runc exec reaped");

        handler.stopContainer(id, Duration.ZERO, "SIGKILL");
        RuntimeHandlerException stopped = assertThrows(RuntimeHandlerException.class,
                () -> handler.execSync(id, List.of("echo", "hi"), WAIT, 1024));
        assertEquals(Kind.FAILED_PRECONDITION, stopped.kind());
    }

    /** This JVM's open descriptors on exec output spill files (unlinked: their links end with "(deleted)"). */
    private static long spillFilesOpen() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("orca-exec-");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void removeLeavesNoRuntimeStateNoMonitorAndNoBundle() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, dir.resolve("r.log"), "sleep", "600"));
        handler.startContainer(id);
        long monitor = Long.parseLong(Files.readString(settings.runRoot().resolve("containers/" + id
                + "/conmon.pid")).strip());

        handler.removeContainer(id);

        assertFalse(runcList().contains(id));
        assertFalse(Files.exists(settings.runRoot().resolve("containers/" + id)));
        assertFalse(Files.exists(settings.runRoot().resolve("exits/" + id)));
        Thread.sleep(200);
        assertTrue(ProcessHandle.of(monitor).isEmpty(), "conmon " + monitor + " gone and reaped");
        handler.removeContainer(id); // idempotent
        assertEquals(Kind.NOT_FOUND, assertThrows(RuntimeHandlerException.class,
                () -> handler.containerState(id)).kind());
    }

    @Test
    void removingAContainerLongEndedSparesALaterConmonThatWasGivenItsMonitorsPid() throws Exception {
        String ended = tiny.newId();
        handler.createContainer(tiny.request(ended, null, "sleep", "600"));
        handler.startContainer(ended);
        String later = tiny.newId();
        handler.createContainer(tiny.request(later, null, "sleep", "600"));
        handler.startContainer(later);
        handler.stopContainer(ended, Duration.ZERO, "SIGKILL");
        Path containers = settings.runRoot().resolve("containers");
        String laterMonitor = Files.readString(containers.resolve(later).resolve("conmon.pid")).strip();
        // the pid of the ended container's conmon, handed to the later one by the kernel after a wrap
        Files.writeString(containers.resolve(ended).resolve("conmon.pid"), laterMonitor);

        handler.removeContainer(ended);

        assertTrue(ProcessHandle.of(Long.parseLong(laterMonitor)).map(ProcessHandle::isAlive).orElse(false),
                "the later container's conmon lives");
        assertEquals(Phase.RUNNING, handler.containerState(later).phase());
    }

    @Test
    void stopDeletesTheEndedContainerFromTheRuntimeAndItsStateStaysReadable() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.05; done"));
        handler.startContainer(id);
        assertEquals(Phase.RUNNING, handler.containerState(id).phase());
        assertTrue(runcList().contains(id));
        awaitTrap(handler.containerState(id).pid());

        handler.stopContainer(id, Duration.ofSeconds(10), "SIGTERM");

        assertFalse(runcList().contains(id), "deleted from runc at the exit, as containerd's shim does");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory", tiny.cgroupsPath(id))), "its cgroup is gone");
        ContainerState stopped = handler.containerState(id);
        assertEquals(Phase.EXITED, stopped.phase());
        assertEquals(143, stopped.exitCode(), "the trap answered, not a SIGKILL");
        handler.stopContainer(id, Duration.ofSeconds(1), "SIGTERM"); // idempotent
        handler.removeContainer(id);
        assertFalse(Files.exists(settings.runRoot().resolve("containers/" + id)));
        assertFalse(Files.exists(settings.runRoot().resolve("exits/" + id)));
    }

    @Test
    void aLifecycleRunsTheRuntimeOnlyToCreateStartAndDelete() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        OciContainers counted = new OciContainers(settings, new RecordingCommands(new ProcessCommands(), calls),
                OomScoreLimit.ofThisProcess(Path.of("/proc")), new OomEvidence(Path.of("/sys/fs/cgroup")));
        String id = tiny.newId();

        ContainerState created = counted.create(tiny.request(id, null, "sh", "-c",
                "trap 'exit 143' TERM; while true; do sleep 0.05; done"));
        assertEquals(Phase.CREATED, created.phase());
        assertTrue(created.pid() > 0);
        counted.start(id);
        assertEquals(Phase.RUNNING, counted.state(id).phase());
        assertEquals(Kind.FAILED_PRECONDITION, assertThrows(RuntimeHandlerException.class,
                () -> counted.start(id)).kind(), "started once");
        awaitTrap(created.pid());
        counted.stop(id, Duration.ofSeconds(10), "SIGTERM");
        assertEquals(143, counted.state(id).exitCode());
        RuntimeHandlerException ended = assertThrows(RuntimeHandlerException.class, () -> counted.start(id));
        assertEquals(Kind.FAILED_PRECONDITION, ended.kind());
        assertTrue(ended.getMessage().startsWith("container " + id + " cannot start: it is EXITED (exit code 143, "
                + "Error, at "), ended.getMessage());
        counted.remove(id);

        assertEquals(List.of("conmon", "start", "delete"), calls, "no state, no kill: the handler knows those");
        assertFalse(runcList().contains(id));
    }

    /**
     * Waits until the container's shell runs its loop, so its TERM trap is set: as a pid namespace's first process
     * it ignores a SIGTERM that comes before (the default action does not apply to init), and a busy machine can be
     * that slow.
     */
    private static void awaitTrap(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(p -> p.children().count() == 0).orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * A signal sent through the runtime whose kill fails because the container is ending at that moment (runsc, its
     * sandbox gone: "connection refused") is a stop that worked, not an error.
     */
    @Test
    void aKillThatFailsWhileTheContainerEndsIsAStopThatWorked() throws Exception {
        Commands real = new ProcessCommands();
        Commands dyingUnderTheKill = new Commands() {
            @Override
            public Result run(List<String> argv, byte[] stdin, Duration timeout)
                    throws IOException, java.util.concurrent.TimeoutException {
                if (argv.contains("kill")) {
                    String id = argv.get(argv.size() - 2);
                    long pid = Long.parseLong(Files.readString(settings.runRoot().resolve("containers/" + id
                            + "/pidfile")).strip());
                    // the container's end comes a moment after the runtime has failed to reach it
                    Thread ending = new Thread(() -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    });
                    ending.start();
                    return new Result(1, "", "connecting to control server at PID " + pid + ": connection refused");
                }
                return real.run(argv, stdin, timeout);
            }

            @Override
            public MonitorStart startMonitor(List<String> argv, Path stderrFile, Duration timeout) throws IOException {
                return real.startMonitor(argv, stderrFile, timeout);
            }

            @Override
            public int capture(List<String> argv, Path pidFile, Duration timeout, dev.orca.spi.ExecOutput output)
                    throws IOException, java.util.concurrent.TimeoutException {
                return real.capture(argv, pidFile, timeout, output);
            }
        };
        OciContainers containers = new OciContainers(settings, dyingUnderTheKill,
                OomScoreLimit.ofThisProcess(Path.of("/proc")), new OomEvidence(Path.of("/sys/fs/cgroup")));
        String id = tiny.newId();
        containers.create(tiny.request(id, null, "sleep", "60"));
        containers.start(id);

        // SIGINT goes through the runtime's kill (SIGTERM and SIGKILL go straight to the process)
        containers.stop(id, Duration.ofSeconds(10), "SIGINT");

        assertEquals(Phase.EXITED, containers.state(id).phase());
        containers.remove(id);
    }

    /** The real commands, each noted by the runtime's subcommand (or "conmon") before it runs. */
    private record RecordingCommands(Commands real, List<String> calls) implements Commands {
        @Override
        public Result run(List<String> argv, byte[] stdin, Duration timeout)
                throws IOException, java.util.concurrent.TimeoutException {
            calls.add(argv.stream().filter(a -> !a.startsWith("-") && !a.startsWith("/")).findFirst().orElse("?"));
            return real.run(argv, stdin, timeout);
        }

        @Override
        public MonitorStart startMonitor(List<String> argv, Path stderrFile, Duration timeout) throws IOException {
            calls.add("conmon");
            return real.startMonitor(argv, stderrFile, timeout);
        }

        @Override
        public int capture(List<String> argv, Path pidFile, Duration timeout, dev.orca.spi.ExecOutput output)
                throws IOException, java.util.concurrent.TimeoutException {
            calls.add("exec");
            return real.capture(argv, pidFile, timeout, output);
        }
    }

    @Test
    void aContainerThatEndedByItselfIsDeletedFromTheRuntimeByTheRemove() throws Exception {
        String id = tiny.newId();
        handler.createContainer(tiny.request(id, null, "true"));
        handler.startContainer(id);
        TinyContainers.await(handler, id, s -> s.phase() == Phase.EXITED, WAIT);
        assertTrue(runcList().contains(id), "nothing deleted it yet");

        handler.removeContainer(id);

        assertFalse(runcList().contains(id));
        assertFalse(Files.exists(settings.runRoot().resolve("containers/" + id)));
    }

    @Test
    void aFailedCreateSaysWhyAndLeavesNothing() throws Exception {
        String id = tiny.newId();

        RuntimeHandlerException e = assertThrows(RuntimeHandlerException.class,
                () -> handler.createContainer(tiny.request(id, null, "/no/such/binary")));

        assertEquals(Kind.FAILED, e.kind());
        assertTrue(e.getMessage().contains("/no/such/binary") && e.getMessage().contains(id), e.getMessage());
        assertFalse(runcList().contains(id));
        assertFalse(Files.exists(settings.runRoot().resolve("containers/" + id)));
    }

    @Test
    void reopenLogWritesToTheNewFileAfterRotation() throws Exception {
        String id = tiny.newId();
        Path log = dir.resolve("logs/tick.log");
        handler.createContainer(tiny.request(id, log, "sh", "-c", "while true; do echo tick; sleep 0.1; done"));
        handler.startContainer(id);
        waitFor(() -> Files.exists(log) && Files.size(log) > 0);

        Files.move(log, dir.resolve("logs/tick.log.1"));
        handler.reopenLog(id);

        waitFor(() -> Files.exists(log) && Files.readString(log).contains("stdout F tick"));
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check check) throws Exception {
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

    @Test
    void sandboxUsageReadsThePodCgroupAndTheInterfacesInItsPinnedNetworkNamespace() throws Exception {
        String id = tiny.newId();
        String cgroup = "/orca-unit-" + id.substring(0, 12);
        SandboxInfo info = handler.runSandbox(new SandboxRequest(id, "metered", "unit", "uid-" + id, 0, "metered", "",
                List.of(), List.of(), List.of(), NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD,
                cgroup, Map.of(), List.of(), List.of(), Map.of(), Map.of(), null));
        try {
            Path netns = info.namespaces().get("network");
            assertEquals(List.of(), handler.sandboxUsage(id).network(), "loopback only, and it is left out");

            // a veth from the node into the pod's namespace, and datagrams sent to the pod through it
            String host = "orcau" + id.substring(0, 8);
            run("nsenter", "--net=" + netns, "ip", "link", "add", "eth5", "type", "veth", "peer", "name", host,
                    "netns", Long.toString(ProcessHandle.current().pid()));
            run("nsenter", "--net=" + netns, "sh", "-c", "ip link set eth5 up && ip addr add 10.253.0.2/30 dev eth5");
            run("sh", "-c", "ip link set " + host + " up && ip addr add 10.253.0.1/30 dev " + host);
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
                for (int i = 0; i < 3; i++) {
                    socket.send(new java.net.DatagramPacket(new byte[1000], 1000,
                            new java.net.InetSocketAddress("10.253.0.2", 9)));
                }
            }
            Thread.sleep(300);
            ResourceUsage usage = handler.sandboxUsage(id);

            assertEquals(List.of("eth5"), usage.network().stream().map(NetworkUsage::name).toList());
            assertTrue(usage.network().get(0).receiveBytes() >= 3000, usage.toString());
            assertTrue(usage.network().get(0).transmitPackets() >= 1, "answered ARP at least: " + usage);
            assertEquals(0, usage.memoryLimitBytes(), "the pod's cgroup has no limit");
        } finally {
            handler.stopSandbox(id);
            handler.removeSandbox(id);
            dev.orca.isolation.cgroups.Cgroup.onHost(cgroup).remove();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
