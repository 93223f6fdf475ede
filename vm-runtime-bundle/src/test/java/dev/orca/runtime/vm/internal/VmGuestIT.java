package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.os.ProcessStat;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.ExecResult;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.PodResources;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.oci.OciCapabilities;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciRoot;
import dev.orca.spi.oci.OciSeccomp;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots real pod VMs (QEMU with the guest the build made in target/guest: Debian's kernel and Orca's agent) through
 * the handler, and runs busybox containers in them. Skipped, saying why, where QEMU, the guest or root is missing.
 */
class VmGuestIT {

    private static final Path QEMU = Path.of(VmKeys.DEFAULT_QEMU);
    private static Path guest;

    @TempDir
    Path dir;

    @BeforeAll
    static void guestIsThere() {
        guest = Path.of(System.getProperty("orca.vm.guest.dir", "target/guest"));
        assumeTrue(Files.isExecutable(QEMU), "skipped: no " + QEMU);
        assumeTrue(Files.isRegularFile(guest.resolve("initramfs.img")), "skipped: no guest built in " + guest
                + " (the kernel in /opt/orca/vm/kernel or vm-runtime-bundle/guest/build-initramfs.sh is missing)");
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: pod VMs need root (namespaces, tap)");
    }

    private VmSettings settings(Path initramfs, Duration bootTimeout) {
        Path kernel = Files.isRegularFile(guest.resolve("vmlinux")) ? guest.resolve("vmlinux")
                : guest.resolve("vmlinuz");
        return new VmSettings("vm-it", QEMU, kernel, initramfs, "", VmKeys.DEFAULT_MACHINE, "", Accelerator.AUTO, 1, 2, 192, 1024,
                64, bootTimeout, dir.resolve("run")).validated();
    }

    @Test
    void aBusyboxContainerRunsInTheGuestAndItsOutputReachesTheCriLog() throws Exception {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(60)), new SystemCommands());
        String pod = randomId();
        SandboxInfo info = handler.runSandbox(pod(pod, Map.of()));
        try {
            Path rootfs = busybox(dir.resolve("rootfs"));
            Path log = dir.resolve("logs/one.log");
            long started = System.nanoTime();
            handler.createContainer(new ContainerRequest("one", pod, spec(rootfs, info, List.of("sh", "-c",
                    "echo kernel $(uname -r); cat /etc/hostname; echo oops >&2; exit 3")), log, false, false, false));
            handler.startContainer("one");
            assertTrue(dev.orca.os.Waiting.until(() -> handler.containerState("one").phase() == Phase.EXITED,
                    Duration.ofSeconds(60), Duration.ofMillis(50)), "container one did not exit");
            System.out.printf("pod ready to container exit: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertEquals(3, handler.containerState("one").exitCode());
            assertEquals("Error", handler.containerState("one").reason());
            String written = Files.readString(log);
            System.out.print(written);
            assertTrue(written.matches("(?s).*Z? ?stdout F kernel \\S+\n.*"), written);
            assertTrue(written.contains(" stdout F vm-it-pod\n"), written);
            assertTrue(written.contains(" stderr F oops\n"), written);
            String host = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            System.out.println("host kernel " + host);

            RuntimeHandlerException missing = assertThrows(RuntimeHandlerException.class, () -> handler
                    .createContainer(new ContainerRequest("two", pod, spec(rootfs, info, List.of("nosuch")), null,
                            false, false, false)));
            assertTrue(missing.getMessage().contains("nosuch"), missing.getMessage());

            handler.createContainer(new ContainerRequest("three", pod, spec(rootfs, info, List.of("sleep", "300")),
                    dir.resolve("logs/three.log"), false, false, false));
            handler.startContainer("three");
            ExecResult echo = handler.execSync("three", List.of("sh", "-c", "echo hi; ps | wc -l"),
                    Duration.ofSeconds(30), 1 << 24);
            assertEquals(0, echo.exitCode());
            assertTrue(new String(echo.stdout(), StandardCharsets.UTF_8).startsWith("hi\n"));
            RuntimeHandlerException late = assertThrows(RuntimeHandlerException.class, () -> handler.execSync(
                    "three", List.of("sh", "-c", "sleep 123"), Duration.ofSeconds(1), 1 << 24));
            assertEquals(RuntimeHandlerException.Kind.TIMED_OUT, late.kind());
            assertTrue(late.getMessage().contains("(killed)"), late.getMessage());
            var streamed = handler.exec("three", List.of("sleep", "124"), false);
            Thread.sleep(300);
            streamed.close();
            assertTrue(dev.orca.os.Waiting.until(() -> !new String(handler.execSync("three", List.of("ps"),
                    Duration.ofSeconds(30), 1 << 20).stdout(), StandardCharsets.UTF_8).contains("sleep 12"),
                    Duration.ofSeconds(10), Duration.ofMillis(200)), "a timed-out or closed exec still runs");
            long before = System.nanoTime();
            handler.stopContainer("three", Duration.ofSeconds(2), "SIGTERM");
            assertEquals(Phase.EXITED, handler.containerState("three").phase());
            System.out.printf("stop took %d ms, exit %d%n", (System.nanoTime() - before) / 1_000_000,
                    handler.containerState("three").exitCode());
            handler.removeContainer("one");
            handler.removeContainer("three");
        } finally {
            handler.stopSandbox(pod);
            handler.removeSandbox(pod);
        }
        assertFalse(Files.exists(dir.resolve("run/pods").resolve(pod.substring(0, 16))), "the pod's state directory is left");
    }

    @Test
    void theSpecsSeccompFilterHoldsInTheGuestForTheContainerAndItsExecs() throws Exception {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(60)), new SystemCommands());
        String pod = randomId();
        SandboxInfo info = handler.runSandbox(pod(pod, Map.of()));
        try {
            Path rootfs = busybox(dir.resolve("rootfs"));
            String script = "grep Seccomp: /proc/self/status; hostname x; echo hostname=$?; touch /tmp/f;"
                    + " chmod 600 /tmp/f; echo chmod=$?";
            OciSeccomp blocking = new OciSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), List.of(
                    new OciSeccomp.Syscall(List.of("sethostname", "chmod", "fchmodat", "fchmodat2"),
                            "SCMP_ACT_ERRNO", null, null)));
            // without no_new_privs the agent loads the filter while it still holds CAP_SYS_ADMIN; with it, last
            for (boolean noNewPrivs : List.of(false, true)) {
                String confined = "confined-" + noNewPrivs;
                handler.createContainer(new ContainerRequest(confined, pod, seccomp(spec(rootfs, info,
                        List.of("sh", "-c", script + "; sleep 300")), blocking, noNewPrivs),
                        dir.resolve("logs/" + confined + ".log"), false, false, false));
                handler.startContainer(confined);
                assertTrue(dev.orca.os.Waiting.until(() -> Files.readString(dir.resolve("logs/" + confined + ".log"))
                        .contains("chmod="), Duration.ofSeconds(60), Duration.ofMillis(100)), confined + " wrote no");
                String log = Files.readString(dir.resolve("logs/" + confined + ".log"));
                System.out.print(log);
                assertTrue(log.contains("stdout F Seccomp:\t2\n"), log);
                assertTrue(log.contains("hostname: sethostname: Operation not permitted"), log);
                assertTrue(log.contains("stdout F hostname=1\n"), log);
                assertTrue(log.contains("Operation not permitted") && log.contains("stdout F chmod=1\n"), log);
                ExecResult exec = handler.execSync(confined, List.of("sh", "-c", script), Duration.ofSeconds(30),
                        1 << 20);
                String out = new String(exec.stdout(), StandardCharsets.UTF_8);
                String err = new String(exec.stderr(), StandardCharsets.UTF_8);
                assertTrue(out.contains("Seccomp:\t2\n") && out.contains("hostname=1\n")
                        && out.contains("chmod=1\n"), out + err);
                assertTrue(err.contains("sethostname: Operation not permitted"), err);
            }
            handler.createContainer(new ContainerRequest("free", pod, spec(rootfs, info, List.of("sh", "-c",
                    script)), dir.resolve("logs/free.log"), false, false, false));
            handler.startContainer("free");
            assertTrue(dev.orca.os.Waiting.until(() -> handler.containerState("free").phase() == Phase.EXITED,
                    Duration.ofSeconds(60), Duration.ofMillis(50)), "container free did not exit");
            String free = Files.readString(dir.resolve("logs/free.log"));
            System.out.print(free);
            assertTrue(free.contains("stdout F Seccomp:\t0\n") && free.contains("stdout F hostname=0\n")
                    && free.contains("stdout F chmod=0\n"), free);
            assertFalse(free.contains("Operation not permitted"), free);
        } finally {
            handler.stopSandbox(pod);
            handler.removeSandbox(pod);
        }
    }

    /** The spec with a filter, CAP_SYS_ADMIN (so that only the filter stops sethostname) and no_new_privs or not. */
    private static OciSpec seccomp(OciSpec spec, OciSeccomp filter, boolean noNewPrivs) {
        OciProcess p = spec.process();
        OciLinux l = spec.linux();
        return new OciSpec(spec.ociVersion(), new OciProcess(p.terminal(), p.user(), p.args(), p.env(), p.cwd(),
                p.capabilities(), p.rlimits(), noNewPrivs, p.oomScoreAdj(), p.apparmorProfile()), spec.root(),
                spec.hostname(), spec.mounts(), new OciLinux(l.namespaces(), l.resources(), l.cgroupsPath(),
                        l.sysctl(), l.devices(), filter, l.maskedPaths(), l.readonlyPaths(), l.rootfsPropagation()),
                spec.annotations());
    }

    @Test
    void qemuRunsInThePodsCgroupSizedFromItsLimitsAndTheCgroupGoesWithTheSandbox() throws Exception {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(60)), new SystemCommands());
        String pod = randomId();
        String parent = "/orca-it/pod" + pod.substring(0, 8);
        SandboxRequest p = pod(pod, Map.of());
        SandboxRequest sized = new SandboxRequest(p.id(), p.name(), p.namespace(), p.uid(), 0, p.hostname(), "",
                List.of(), List.of(), List.of(), NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, parent,
                Map.of(), List.of(), List.of(), Map.of(), Map.of(), new PodResources(new OciResources(
                        new OciResources.OciMemory(200L << 20, null, null), new OciResources.OciCpu(null, 150_000L,
                        100_000L, null, null), null, null, null, null), new OciResources(new OciResources.OciMemory(
                        16L << 20, null, null), null, null, null, null, null)));
        String vmCgroup = PodCgroup.of(pod, parent).path();
        Path memoryDir = Path.of("/sys/fs/cgroup/memory" + vmCgroup);
        try {
            handler.runSandbox(sized);
            VmRecord record = VmRecord.read(dir.resolve("run/pods").resolve(pod.substring(0, 16)).resolve("vm.json"));
            assertEquals(200 + 16 + 64, record.memoryMib());
            assertEquals(2, record.vcpus());
            Map<String, String> details = handler.sandboxDetails(pod);
            assertEquals(Long.toString(record.pid()), details.get("qemuPid"));
            assertEquals("280", details.get("memoryMib"));
            assertEquals("2", details.get("vcpus"));
            assertEquals("running", details.get("vm"));
            assertEquals(Map.of(), handler.sandboxDetails("nosuch"));
            String cgroups = Files.readString(Path.of("/proc/" + record.pid() + "/cgroup"));
            System.out.print(cgroups);
            assertTrue(cgroups.contains(":" + vmCgroup + "\n"), cgroups);
        } finally {
            handler.stopSandbox(pod);
            handler.removeSandbox(pod);
            dev.orca.isolation.cgroups.Cgroup.onHost("/orca-it").remove();
        }
        assertFalse(Files.exists(memoryDir), memoryDir + " is left");
    }

    @Test
    void aNewHandlerInstanceFindsTheRunningVmAndItsContainer() throws Exception {
        VmSettings settings = settings(guest.resolve("initramfs.img"), Duration.ofSeconds(60));
        VmRuntimeHandler first = new VmRuntimeHandler(settings, new SystemCommands());
        String pod = randomId();
        SandboxInfo info = first.runSandbox(pod(pod, Map.of()));
        VmRuntimeHandler second = null;
        try {
            Path log = dir.resolve("logs/long.log");
            first.createContainer(new ContainerRequest("long", pod, spec(busybox(dir.resolve("rootfs")), info,
                    List.of("sh", "-c", "echo before; trap 'exit 42' USR1; while true; do sleep 1; done")), log, false,
                    false, false));
            first.startContainer("long");
            assertTrue(dev.orca.os.Waiting.until(() -> Files.readString(log).contains("stdout F before"),
                    Duration.ofSeconds(30), Duration.ofMillis(50)), "no first line");
            long qemu = VmRecord.read(dir.resolve("run/pods").resolve(pod.substring(0, 16)).resolve("vm.json")).pid();
            first.deactivate();

            second = new VmRuntimeHandler(settings, new SystemCommands());
            assertEquals(Phase.RUNNING, second.containerState("long").phase());
            assertEquals(Long.toString(qemu), second.sandboxDetails(pod).get("qemuPid"));
            ExecResult echo = second.execSync("long", List.of("echo", "again"), Duration.ofSeconds(30), 1 << 20);
            assertEquals("again\n", new String(echo.stdout(), StandardCharsets.UTF_8));
            second.stopContainer("long", Duration.ofSeconds(10), "SIGUSR1");
            assertEquals(Phase.EXITED, second.containerState("long").phase());
            assertEquals(42, second.containerState("long").exitCode());
            second.removeContainer("long");
        } finally {
            VmRuntimeHandler last = second != null ? second : first;
            last.stopSandbox(pod);
            last.removeSandbox(pod);
        }
        assertFalse(Files.exists(dir.resolve("run/pods").resolve(pod.substring(0, 16))));
    }

    @Test
    void aVmKilledUnderItsContainerEndsItWithAReasonAndTheSandboxIsRemovedClean() throws Exception {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(60)), new SystemCommands());
        String pod = randomId();
        SandboxInfo info = handler.runSandbox(pod(pod, Map.of()));
        Path podDir = dir.resolve("run/pods").resolve(pod.substring(0, 16));
        long qemu = VmRecord.read(podDir.resolve("vm.json")).pid();
        try {
            handler.createContainer(new ContainerRequest("doomed", pod, spec(busybox(dir.resolve("rootfs")), info,
                    List.of("sleep", "300")), dir.resolve("logs/doomed.log"), false, false, false));
            handler.startContainer("doomed");
            assertEquals(Phase.RUNNING, handler.containerState("doomed").phase());
            new ProcessBuilder("kill", "-9", Long.toString(qemu)).inheritIO().start().waitFor();
            assertTrue(dev.orca.os.Waiting.until(() -> handler.containerState("doomed").phase() == Phase.EXITED,
                    Duration.ofSeconds(10), Duration.ofMillis(50)), "the container still reads running");
            var state = handler.containerState("doomed");
            System.out.println(state.reason() + ": " + state.message());
            assertEquals(VmContainers.VM_EXITED, state.reason());
            assertTrue(state.message().contains("QEMU pid " + qemu), state.message());
            assertEquals("gone", handler.sandboxDetails(pod).get("vm"));
            handler.removeContainer("doomed");
        } finally {
            handler.stopSandbox(pod);
            handler.removeSandbox(pod);
        }
        assertFalse(ProcessStat.alive(Path.of("/proc"), qemu, 0), "QEMU lives");
        assertFalse(Files.exists(podDir), "the pod's state directory is left");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory" + PodCgroup.of(pod, "").own())), "cgroup left");
        assertFalse(Files.exists(dir.resolve("run/containers/doomed")), "the container's files are left");
    }

    @Test
    void aStopThatTheAgentDoesNotAnswerKillsTheVmSoThePodCanBeStopped() throws Exception {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(60)), new SystemCommands());
        String pod = randomId();
        SandboxInfo info = handler.runSandbox(pod(pod, Map.of()));
        Path podDir = dir.resolve("run/pods").resolve(pod.substring(0, 16));
        long qemu = VmRecord.read(podDir.resolve("vm.json")).pid();
        try {
            handler.createContainer(new ContainerRequest("frozen", pod, spec(busybox(dir.resolve("rootfs")), info,
                    List.of("sleep", "300")), dir.resolve("logs/frozen.log"), false, false, false));
            handler.startContainer("frozen");
            // a frozen QEMU: its agent answers nothing, as a hung agent would
            new ProcessBuilder("kill", "-STOP", Long.toString(qemu)).inheritIO().start().waitFor();
            handler.stopContainer("frozen", Duration.ofSeconds(2), "SIGTERM");
            var state = handler.containerState("frozen");
            assertEquals(Phase.EXITED, state.phase());
            assertEquals(VmContainers.VM_EXITED, state.reason());
            assertTrue(state.message().contains("did not answer a stop"), state.message());
            assertFalse(ProcessStat.alive(Path.of("/proc"), qemu, 0), "QEMU lives");
            handler.removeContainer("frozen");
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(qemu)).inheritIO().start().waitFor();
            handler.stopSandbox(pod);
            handler.removeSandbox(pod);
        }
        assertFalse(Files.exists(podDir), "the pod's state directory is left");
    }

    @Test
    void aGuestThatNeverBootsIsKilledAndNothingIsLeft() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.img"), "not an initramfs");
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(broken, Duration.ofSeconds(6)),
                new SystemCommands());
        String pod = randomId();
        SandboxInfo info = handler.runSandbox(pod(pod, Map.of()));
        long pid = VmRecord.read(dir.resolve("run/pods").resolve(pod.substring(0, 16)).resolve("vm.json")).pid();
        RuntimeHandlerException late = assertThrows(RuntimeHandlerException.class, () -> handler.createContainer(
                new ContainerRequest("one", pod, spec(busybox(dir.resolve("rootfs")), info, List.of("true")), null,
                        false, false, false)));
        System.out.println(late.getMessage());
        assertTrue(late.getMessage().contains("did not") || late.getMessage().contains("boot"), late.getMessage());
        assertTrue(dev.orca.os.Waiting.until(() -> !ProcessStat.alive(Path.of("/proc"), pid, 0), Duration.ofSeconds(10),
                Duration.ofMillis(50)), "QEMU still runs");
        handler.removeSandbox(pod);
        assertFalse(Files.exists(dir.resolve("run/pods").resolve(pod.substring(0, 16))));
    }

    @Test
    void podsTheHandlerCannotRunAreRefusedNamingWhy() {
        VmRuntimeHandler handler = new VmRuntimeHandler(settings(guest.resolve("initramfs.img"),
                Duration.ofSeconds(30)), new SystemCommands());
        RuntimeHandlerException big = assertThrows(RuntimeHandlerException.class, () -> handler.runSandbox(
                pod(randomId(), Map.of(VmKeys.POD_MEMORY_MIB, "4096"))));
        assertEquals(RuntimeHandlerException.Kind.INVALID, big.kind());
        assertTrue(big.getMessage().contains("1024 MiB cap"), big.getMessage());
        SandboxRequest p = pod(randomId(), Map.of());
        SandboxRequest hostNetwork = new SandboxRequest(p.id(), p.name(), p.namespace(), p.uid(), 0, "", "",
                List.of(), List.of(), List.of(), NamespaceMode.NODE, NamespaceMode.NODE, NamespaceMode.POD, "",
                Map.of(), List.of(), List.of(), Map.of(), Map.of());
        RuntimeHandlerException host = assertThrows(RuntimeHandlerException.class,
                () -> handler.runSandbox(hostNetwork));
        assertEquals("pod \"default/vm-it-pod\" asks for the node's network, PID namespaces: a VM pod has its own"
                + " kernel and cannot share the node's namespaces", host.getMessage());
    }

    private static SandboxRequest pod(String id, Map<String, String> annotations) {
        return new SandboxRequest(id, "vm-it-pod", "default", "uid-1", 0, "vm-it-pod", "", List.of(), List.of(),
                List.of(), NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), annotations);
    }

    private static OciSpec spec(Path rootfs, SandboxInfo info, List<String> args) {
        List<String> caps = List.of("CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SETGID", "CAP_SYS_ADMIN");
        OciProcess process = new OciProcess(false, new OciUser(0, 0, List.of(), null), args,
                List.of("PATH=/bin:/usr/bin"), "/", new OciCapabilities(caps, caps, List.of(), caps, List.of()),
                List.of(), true, null, null);
        List<OciMount> mounts = List.of(new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciMount("/etc/hostname", "bind", info.hostnameFile().toString(), List.of("rbind", "ro")),
                new OciMount("/etc/hosts", "bind", info.hostsFile().toString(), List.of("rbind", "ro")));
        OciLinux linux = new OciLinux(List.of(), null, null, Map.of(), List.of(), null, List.of("/proc/kcore", "/proc/keys"),
                List.of("/proc/sys"), null);
        return new OciSpec(OciSpec.VERSION, process, new OciRoot(rootfs.toString(), false), "vm-it-pod", mounts,
                linux, Map.of());
    }

    private static Path busybox(Path root) throws IOException {
        if (Files.exists(root.resolve("bin/busybox"))) {
            return root;
        }
        Files.createDirectories(root.resolve("bin"));
        for (String d : List.of("etc", "proc", "sys", "dev", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("etc/hostname"), "");
        Files.writeString(root.resolve("etc/hosts"), "");
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "cat", "uname", "sleep", "true", "ps", "wc", "hostname",
                "chmod", "touch", "grep")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        return root;
    }

    private static String randomId() {
        byte[] bytes = new byte[32];
        new Random().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
