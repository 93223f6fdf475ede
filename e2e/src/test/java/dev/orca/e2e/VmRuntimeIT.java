package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.KeyValue;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.Int64Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RuntimeClass {@code vm} end to end: the distribution as shipped ({@code deploy/dev.orca.runtime.vm-vm.cfg}, the
 * guest under {@code vm/}), QEMU under TCG, busybox containers in each pod's own VM, on a CNI bridge of the test's own.
 */
class VmRuntimeIT {

    static final String VM = "vm";

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "vm/busybox:1");
        orca = node.orca;
        pods = node.pods;
        orca.awaitHandlers(Set.of(VM));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    static String runVm(PodSandboxConfig config) {
        return orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
                .setRuntimeHandler(VM).build()).getPodSandboxId();
    }

    /** Waits until the container has exited; returns its status. */
    static ContainerStatus awaitExit(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerStatus status = pods.status(id);
        while (status.getState() != ContainerState.CONTAINER_EXITED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + id + " did not exit within " + timeout + ": " + status
                        + "\n" + orca.log());
            }
            Thread.sleep(100);
            status = pods.status(id);
        }
        return status;
    }

    /** Waits until the file has a line containing {@code text}; returns the file. */
    static String awaitLine(Path file, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String content = Files.exists(file) ? Files.readString(file) : "";
            if (content.contains(text)) {
                return content;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " never had '" + text + "': " + content);
            }
            Thread.sleep(100);
        }
    }

    static String ip(String podId) {
        return orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build())
                .getStatus().getNetwork().getIp();
    }

    /** The verbose Status's entry of a handler ({@code crictl info}'s {@code handlers}). */
    static String handlerInfo(String name) {
        String handlers = orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build())
                .getInfoOrThrow("handlers");
        int at = handlers.indexOf("\"" + name + "\":{");
        return at < 0 ? "" : handlers.substring(at, handlers.indexOf('}', at) + 1);
    }

    @Test
    void statusOffersTheVmHandlerAndSaysHowItRuns() throws Exception {
        assertTrue(orca.offeredHandlers().contains(VM), orca.offeredHandlers().toString());
        String vm = handlerInfo(VM);
        for (int i = 0; i < 300 && vm.contains("being probed"); i++) {
            Thread.sleep(100);
            vm = handlerInfo(VM);
        }
        String handlers = vm;
        assertTrue(vm.contains("\"offered\":true") && vm.contains("qemu-system-x86_64") && vm.contains("tcg")
                && vm.contains("vmlinux"), handlers);
    }

    @Test
    void aVmPodRunsBusyboxInItsOwnKernelWithThePodsFilesAndTheContainersProcess() throws Exception {
        PodSandboxConfig config = pods.pod("vm-basic", Map.of());
        String podId = runVm(config);
        Path logDir = Path.of(config.getLogDirectory());
        try {
            String oneshot = pods.createAndStart(podId, config, pods.container("oneshot", "oneshot/0.log",
                    "sh", "-c", "echo to-stdout; echo to-stderr >&2; printf no-newline; exit 3"));
            ContainerStatus exited = awaitExit(oneshot, Duration.ofSeconds(30));
            assertEquals(3, exited.getExitCode());
            assertEquals("Error", exited.getReason());
            String log = Files.readString(logDir.resolve("oneshot/0.log"));
            List<String> lines = log.lines().toList();
            assertEquals(3, lines.size(), log);
            String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+(Z|[+-]\\d\\d:\\d\\d) ";
            assertTrue(lines.stream().anyMatch(l -> l.matches(stamp + "stdout F to-stdout")), log);
            assertTrue(lines.stream().anyMatch(l -> l.matches(stamp + "stderr F to-stderr")), log);
            assertTrue(lines.stream().anyMatch(l -> l.matches(stamp + "stdout P no-newline")), log);

            String app = pods.createAndStart(podId, config, pods.container("app", "app/0.log", "sh", "-c",
                    "echo started in $(pwd) as $(id -u):$(id -g) with $GREETING; exec sleep 3600")
                    .addEnvs(KeyValue.newBuilder().setKey("GREETING").setValue(com.google.protobuf.ByteString.copyFromUtf8("hello-vm")))
                    .setWorkingDir("/work/dir")
                    .setLinux(dev.orca.cri.v1.LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(CriPods.CONTAINER_PID)
                                    .setRunAsUser(Int64Value.newBuilder().setValue(1234))
                                    .setRunAsGroup(Int64Value.newBuilder().setValue(2345)))));
            awaitLine(logDir.resolve("app/0.log"), "stdout F started in /work/dir as 1234:2345 with hello-vm",
                    Duration.ofSeconds(30));
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(app).getState());

            String hostKernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            String guestKernel = pods.output(app, "uname", "-r").strip();
            assertFalse(guestKernel.isEmpty());
            assertNotEquals(hostKernel, guestKernel, "the pod runs its own kernel");

            String ps = pods.output(app, "ps", "-o", "pid,user,comm");
            List<String> processes = ps.lines().skip(1).toList();
            assertTrue(processes.size() <= 3 && ps.contains("sleep") && ps.contains("ps")
                    && !ps.contains("java") && !ps.contains("qemu") && !ps.contains("orca-agent"), ps);
            assertTrue(processes.get(0).strip().startsWith("1 "), ps);

            assertEquals("vm-basic", pods.output(app, "hostname").strip());
            String hosts = pods.output(app, "cat", "/etc/hosts");
            assertTrue(hosts.contains("localhost") && hosts.contains(ip(podId) + "\tvm-basic"), hosts);
            assertEquals("nameserver 10.0.0.10\nsearch e2e.svc.cluster.local\n",
                    pods.output(app, "cat", "/etc/resolv.conf"));
            assertEquals("1234:2345 /work/dir hello-vm\n", pods.output(app, "sh", "-c",
                    "echo $(id -u):$(id -g) $(pwd) $GREETING"));
        } finally {
            pods.removePod(podId);
        }
    }
}
