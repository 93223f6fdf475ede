package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.AttachRequest;
import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatsRequest;
import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatsRequest;
import dev.orca.cri.v1.PortForwardRequest;
import dev.orca.cri.v1.PortMapping;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.ReopenContainerLogRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.cri.v1.UpdateContainerResourcesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
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

    /** The handler's directory of a pod's VM: {@code run/runtimes/vm/pods/<first 16 of the id>}. */
    static Path vmDir(String podId) {
        return dir.resolve("run/runtimes/vm/pods/" + podId.substring(0, 16));
    }

    /** QEMU's pid for a running VM pod, from the pid file QEMU wrote. */
    static long qemuPid(String podId) throws IOException {
        return Long.parseLong(Files.readString(vmDir(podId).resolve("qemu.pid")).strip());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !procState(pid).equals("Z");
    }

    private static String procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    static String mountsUnderState() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> l.contains(dir.resolve("run/runtimes/vm") + "/")).reduce("", (a, b) -> a + b + "\n");
    }

    /** Nothing of the pod is left on the host: no QEMU, no pod directory (tap, namespaces), no mount, no veth. */
    static void assertNothingLeft(String podId, long pid) throws Exception {
        for (int i = 0; i < 50 && alive(pid); i++) {
            Thread.sleep(100);
        }
        assertFalse(alive(pid), "QEMU pid " + pid + " is gone");
        assertFalse(Files.exists(vmDir(podId)), "the VM's directory is gone");
        assertEquals("", mountsUnderState(), "no mount is left under the VM handler's state");
        assertEquals("", orca.network().bridgePorts(), "no veth is left on the bridge");
    }

    static String waitFor(java.util.function.Supplier<String> value, String text, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String now = value.get();
        while (!now.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = value.get();
        }
        return now;
    }

    @Test
    void execStreamsStatsUpdatesLogReopeningAndTeardownLeaveNothing() throws Exception {
        PodSandboxConfig config = pods.pod("vm-streams", Map.of());
        String podId = runVm(config);
        long pid = qemuPid(podId);
        Path log = Path.of(config.getLogDirectory(), "app/0.log");
        String app = pods.createAndStart(podId, config, pods.container("app", "app/0.log", "/bin/sh", "-c",
                "trap 'echo got TERM; exit 0' TERM; (while true; do echo hello-pf | nc -l -p 8080; done &);"
                        + " touch /tmp/ready; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"));
        pods.awaitFile(app, "/tmp/ready");

        var hi = pods.exec(app, "sh", "-c", "echo out; echo err >&2; exit 7");
        assertEquals("out\n", hi.getStdout().toStringUtf8());
        assertEquals("err\n", hi.getStderr().toStringUtf8());
        assertEquals(7, hi.getExitCode());
        long started = System.nanoTime();
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () -> orca.runtime().execSync(
                ExecSyncRequest.newBuilder().setContainerId(app).addAllCmd(List.of("sleep", "30")).setTimeout(1)
                        .build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.getMessage());
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "the exec timed out after its timeout");

        URI execUrl = URI.create(orca.runtime().exec(ExecRequest.newBuilder().setContainerId(app).addAllCmd(List.of(
                "sh", "-c", "cat; echo oops >&2; exit 3")).setStdin(true).setStdout(true).setStderr(true).build())
                .getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(execUrl, List.of("v4.channel.k8s.io"))) {
            int error = client.open(Map.of("streamtype", "error"));
            int stdin = client.open(Map.of("streamtype", "stdin"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            int stderr = client.open(Map.of("streamtype", "stderr"));
            client.data(stdin, "hello stdin\n".getBytes(StandardCharsets.UTF_8), true);
            assertTrue(client.awaitEnd(error, 20).finished, "no status");
            assertEquals("hello stdin\n", client.stream(stdout).text());
            assertEquals("oops\n", client.stream(stderr).text());
            String status = client.stream(error).text();
            assertTrue(status.contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}"), status);
        }
        URI ttyUrl = URI.create(orca.runtime().exec(ExecRequest.newBuilder().setContainerId(app).addAllCmd(List.of(
                "sh", "-c", "sleep 1; stty size; tty")).setTty(true).setStdin(true).setStdout(true).build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(ttyUrl, List.of("v4.channel.k8s.io"))) {
            int error = client.open(Map.of("streamtype", "error"));
            client.open(Map.of("streamtype", "stdin"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            int resize = client.open(Map.of("streamtype", "resize"));
            client.data(resize, "{\"Width\":101,\"Height\":37}".getBytes(StandardCharsets.UTF_8), false);
            assertTrue(client.awaitEnd(error, 20).finished, "no status");
            String out = client.stream(stdout).text();
            assertTrue(out.contains("37 101") && out.contains("/dev/pts/"), out);
            assertEquals("{\"metadata\":{},\"status\":\"Success\"}", client.stream(error).text());
        }
        URI attachUrl = URI.create(orca.runtime().attach(AttachRequest.newBuilder().setContainerId(app)
                .setStdout(true).build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(attachUrl, List.of("v4.channel.k8s.io"))) {
            client.open(Map.of("streamtype", "error"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            String seen = waitFor(() -> client.stream(stdout).text(), "tick", Duration.ofSeconds(10));
            assertTrue(seen.contains("tick"), seen);
        }
        URI forwardUrl = URI.create(orca.runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId)
                .addPort(8080).build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(forwardUrl, List.of("portforward.k8s.io"))) {
            int error = client.open(Map.of("streamtype", "error", "port", "8080", "requestid", "0"));
            int data = client.open(Map.of("streamtype", "data", "port", "8080", "requestid", "0"));
            client.data(error, new byte[0], true);
            String seen = waitFor(() -> client.stream(data).text(), "hello-pf", Duration.ofSeconds(10));
            assertEquals("hello-pf\n", seen, client.stream(error).text());
            client.reset(data);
            client.reset(error);
        }

        orca.runtime().updateContainerResources(UpdateContainerResourcesRequest.newBuilder().setContainerId(app)
                .setLinux(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(96L << 20)).build());
        assertEquals(String.valueOf(96L << 20), pods.output(app, "cat", "/sys/fs/cgroup/memory.max").strip());
        var stats = orca.runtime().containerStats(ContainerStatsRequest.newBuilder().setContainerId(app).build())
                .getStats();
        assertTrue(stats.getCpu().getUsageCoreNanoSeconds().getValue() > 0, stats.toString());
        assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, stats.toString());
        var podStats = orca.runtime().podSandboxStats(PodSandboxStatsRequest.newBuilder().setPodSandboxId(podId)
                .build()).getStats();
        assertTrue(podStats.getLinux().getCpu().getUsageCoreNanoSeconds().getValue() > 0, podStats.toString());
        assertTrue(podStats.getLinux().getMemory().getWorkingSetBytes().getValue() > 0, podStats.toString());

        Files.move(log, log.resolveSibling("0.log.1"));
        orca.runtime().reopenContainerLog(ReopenContainerLogRequest.newBuilder().setContainerId(app).build());
        awaitLine(log, "stdout F tick", Duration.ofSeconds(10));

        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(app).setTimeout(10).build());
        ContainerStatus stopped = pods.status(app);
        assertEquals(ContainerState.CONTAINER_EXITED, stopped.getState());
        assertEquals(0, stopped.getExitCode(), stopped.toString());
        awaitLine(log, "stdout F got TERM", Duration.ofSeconds(5));
        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(app).build());
        assertFalse(Files.exists(vmDir(podId).resolve("shared/c-" + app)), "the container's share is gone");
        assertFalse(mountsUnderState().contains("c-" + app), mountsUnderState());

        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertFalse(alive(pid), "QEMU ends with StopPodSandbox");
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertNothingLeft(podId, pid);
    }

    @Test
    void aVmPodAnswersOnItsCniAddressFromTheHostAnotherPodAndAHostPort() throws Exception {
        int hostPort = ThreadLocalRandom.current().nextInt(20000, 30000);
        PodSandboxConfig webConfig = pods.pod("vm-web", Map.of()).toBuilder().addPortMappings(PortMapping
                .newBuilder().setContainerPort(8080).setHostPort(hostPort).setHostIp("127.0.0.1")).build();
        String web = runVm(webConfig);
        PodSandboxConfig clientConfig = pods.pod("runc-client", Map.of());
        String client = pods.run(clientConfig);
        try {
            String webIp = ip(web);
            assertTrue(webIp.startsWith(orca.network().subnetPrefix() + "."), webIp);
            String httpd = pods.createAndStart(web, webConfig, pods.container("httpd", "httpd.log", "/bin/sh", "-c",
                    "mkdir -p /tmp/www && echo hello-from-vm > /tmp/www/index.html && exec httpd -f -p 8080"
                            + " -h /tmp/www"));
            assertTrue(pods.output(httpd, "ip", "addr").contains(webIp + "/"), "the guest has the pod's address");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertEquals("hello-from-vm\n", get(http, "http://" + webIp + ":8080/"), "from the host");
            assertEquals("hello-from-vm\n", get(http, "http://127.0.0.1:" + hostPort + "/"), "through the host port");
            String runc = pods.createAndStart(client, clientConfig, pods.container("httpd", "httpd.log", "/bin/sh",
                    "-c", "mkdir -p /tmp/www && echo hello-from-runc > /tmp/www/index.html && exec httpd -f -p 8080"
                            + " -h /tmp/www"));
            String page = "";
            for (int i = 0; i < 50 && !page.contains("hello"); i++) {
                page = pods.output(runc, "wget", "-qO-", "http://" + webIp + ":8080/");
                Thread.sleep(100);
            }
            assertEquals("hello-from-vm\n", page, "from a runc pod");
            String clientIp = ip(client);
            page = "";
            for (int i = 0; i < 50 && !page.contains("hello"); i++) {
                page = pods.output(httpd, "wget", "-qO-", "http://" + clientIp + ":8080/");
                Thread.sleep(100);
            }
            assertEquals("hello-from-runc\n", page, "the VM reaches the other pod");
        } finally {
            long pid = qemuPid(web);
            pods.removePod(web);
            pods.removePod(client);
            assertNothingLeft(web, pid);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        String body = "";
        for (int i = 0; i < 50 && body.isEmpty(); i++) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        return body;
    }

    @Test
    void aVmPodOutlivesKillNineAndAVmThatDiesIsReported() throws Exception {
        PodSandboxConfig config = pods.pod("vm-recover", Map.of());
        String podId = runVm(config);
        Path log = Path.of(config.getLogDirectory(), "ticker.log");
        String ticker = pods.createAndStart(podId, config, pods.container("ticker", "ticker.log", "/bin/sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"));
        awaitLine(log, "tick 3", Duration.ofSeconds(30));
        long pid = qemuPid(podId);

        orca.kill9();
        Thread.sleep(1000);
        assertTrue(alive(pid), "the VM runs on without Orca");
        orca.start();
        orca.awaitHandlers(Set.of(VM));
        assertEquals(PodSandboxState.SANDBOX_READY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(ticker).getState());
        assertEquals("after-restart\n", pods.output(ticker, "echo", "after-restart"));
        int lines = (int) Files.readString(log).lines().count();
        String later = "tick " + (lines + 10);
        awaitLine(log, later, Duration.ofSeconds(30));
        assertTrue(Files.readString(log).lines().allMatch(l -> l.matches("\\S+ stdout [FP] .*")), "CRI format");
        List<Integer> ticks = Files.readString(log).lines().map(l -> l.replaceAll(".* stdout F tick ", ""))
                .map(Integer::valueOf).toList();
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i, ticks.get(i), "no output lost or repeated while Orca was down: " + ticks);
        }

        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        ContainerStatus lost = awaitExit(ticker, Duration.ofSeconds(20));
        assertEquals("VM exited", lost.getReason(), lost.toString());
        assertTrue(lost.getMessage().contains(podId), lost.toString());
        assertEquals(PodSandboxState.SANDBOX_NOTREADY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());
        pods.removePod(podId);
        assertNothingLeft(podId, pid);
    }

    /** The pod directories the VM handler has now. */
    static List<String> vmPodDirs() throws IOException {
        Path pods = dir.resolve("run/runtimes/vm/pods");
        if (!Files.isDirectory(pods)) {
            return List.of();
        }
        try (var list = Files.list(pods)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** RunPodSandbox on vm is refused with {@code code} and a message containing {@code text}; nothing is left. */
    static void refusedPod(PodSandboxConfig config, Status.Code code, String text) throws Exception {
        List<String> before = vmPodDirs();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> runVm(config));
        assertEquals(code, refused.getStatus().getCode(), refused.getMessage());
        assertTrue(refused.getStatus().getDescription().contains(text), refused.getMessage());
        assertTrue(orca.runtime().listPodSandbox(dev.orca.cri.v1.ListPodSandboxRequest.getDefaultInstance())
                .getItemsList().stream().noneMatch(p -> p.getMetadata().getName().equals(config.getMetadata()
                        .getName())), "the pod is not listed");
        assertEquals(before, vmPodDirs(), "no VM directory is left");
        assertEquals("", mountsUnderState(), "no mount is left");
        assertEquals("", orca.network().bridgePorts(), "no veth is left");
    }

    @Test
    void hostNamespacesAndTooMuchMemoryAreRefusedNamingWhyAndLeaveNothing() throws Exception {
        PodSandboxConfig hostNetwork = pods.pod("vm-hostnet", Map.of(), dev.orca.cri.v1.NamespaceOption
                .newBuilder().setNetwork(dev.orca.cri.v1.NamespaceMode.NODE).build());
        refusedPod(hostNetwork, Status.Code.INVALID_ARGUMENT, "pod \"e2e/vm-hostnet\" asks for the node's network"
                + " namespace: a VM pod has its own kernel and cannot share the node's namespaces");
        PodSandboxConfig hostPid = pods.pod("vm-hostpid", Map.of(), dev.orca.cri.v1.NamespaceOption.newBuilder()
                .setPid(dev.orca.cri.v1.NamespaceMode.NODE).build());
        refusedPod(hostPid, Status.Code.INVALID_ARGUMENT, "pod \"e2e/vm-hostpid\" asks for the node's PID namespace");
        PodSandboxConfig greedy = pods.pod("vm-greedy", Map.of()).toBuilder()
                .putAnnotations("vm.orca.dev/memory-mib", "4096").build();
        refusedPod(greedy, Status.Code.INVALID_ARGUMENT, "pod \"e2e/vm-greedy\" asks for 4096 MiB of memory, more"
                + " than the 1024 MiB cap (memory.max.mib) of runtime handler \"vm\"");
    }

    @Test
    void aCommandNotInTheImageIsRefusedNamingIt() throws Exception {
        PodSandboxConfig config = pods.pod("vm-nosuch", Map.of());
        String podId = runVm(config);
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> pods.create(podId,
                    config, pods.container("nosuch", "nosuch.log", "no-such-command", "arg")));
            assertEquals(Status.Code.INTERNAL, refused.getStatus().getCode(), refused.getMessage());
            assertTrue(refused.getStatus().getDescription().contains(
                    "exec: \"no-such-command\": executable file not found in $PATH"), refused.getMessage());
            assertTrue(orca.runtime().listContainers(dev.orca.cri.v1.ListContainersRequest.getDefaultInstance())
                    .getContainersList().stream().noneMatch(c -> c.getPodSandboxId().equals(podId)),
                    "no container is left");
            assertFalse(mountsUnderState().contains("/c-"), mountsUnderState());
            String ok = pods.createAndStart(podId, config, pods.container("ok", "ok.log", "sleep", "600"));
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(ok).getState(), "the pod still works");
        } finally {
            long pid = qemuPid(podId);
            pods.removePod(podId);
            assertNothingLeft(podId, pid);
        }
    }

    @Test
    void aGuestThatNeverBootsIsKilledWithAClearErrorAndLeavesNothing() throws Exception {
        Path garbage = Files.createDirectories(dir.resolve("broken-guest")).resolve("initramfs.img");
        byte[] junk = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(junk);
        Files.write(garbage, junk);
        orca.configure("dev.orca.runtime.vm-vm-broken", Map.of("orca.runtime.handler", "vm-broken",
                "kernel.path", orca.home().resolve("vm/vmlinux").toString(), "initramfs.path", garbage.toString(),
                "boot.timeout.seconds", "3"));
        orca.awaitHandlers(Set.of("vm-broken"));
        PodSandboxConfig config = pods.pod("vm-broken", Map.of());
        String podId = orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
                .setRuntimeHandler("vm-broken").build()).getPodSandboxId();
        Path vmDir = dir.resolve("run/runtimes/vm-broken/pods/" + podId.substring(0, 16));
        try {
            long pid = Long.parseLong(Files.readString(vmDir.resolve("qemu.pid")).strip());
            long started = System.nanoTime();
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> pods.create(podId,
                    config, pods.container("never", "never.log", "sleep", "600")));
            assertTrue(System.nanoTime() - started < 15_000_000_000L, "refused soon after the boot time-out");
            String why = refused.getStatus().getDescription();
            assertTrue(why.contains(podId) && why.contains("did not boot within 3 s"), refused.getMessage());
            for (int i = 0; i < 50 && alive(pid); i++) {
                Thread.sleep(100);
            }
            assertFalse(alive(pid), "QEMU was killed");
            assertEquals(PodSandboxState.SANDBOX_NOTREADY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                    .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());
            Process links = new ProcessBuilder("nsenter", "--net=" + vmDir.resolve("ns/net"), "ip", "-o", "link")
                    .redirectErrorStream(true).start();
            String inside = new String(links.getInputStream().readAllBytes());
            links.waitFor();
            assertFalse(inside.contains("tap0"), "the tap is gone: " + inside);
        } finally {
            pods.removePod(podId);
        }
        assertFalse(Files.exists(vmDir), "the VM's directory is gone");
        assertEquals("", Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> l.contains(dir.resolve("run/runtimes").toString())).reduce("", String::concat));
        assertEquals("", orca.network().bridgePorts(), "no veth is left");
    }

    @Test
    void aContainerPastItsMemoryLimitInTheGuestIsOomKilled() throws Exception {
        PodSandboxConfig config = pods.pod("vm-oom", Map.of());
        String podId = runVm(config);
        try {
            // dd's one 64 MiB block is more than the container's 16 MiB: the guest kernel's OOM killer ends it
            String hog = pods.createAndStart(podId, config, pods.container("hog", "hog.log", "dd", "if=/dev/zero",
                    "of=/dev/null", "bs=64M", "count=1").setLinux(dev.orca.cri.v1.LinuxContainerConfig.newBuilder()
                    .setResources(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(16L << 20))
                    .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                            .setNamespaceOptions(CriPods.CONTAINER_PID))));
            ContainerStatus exited = awaitExit(hog, Duration.ofSeconds(60));
            assertEquals("OOMKilled", exited.getReason(), exited.toString());
            assertEquals(137, exited.getExitCode(), exited.toString());
        } finally {
            pods.removePod(podId);
        }
    }

    @Test
    void aPodShowsItsVmInItsVerboseStatus() throws Exception {
        PodSandboxConfig config = pods.pod("vm-details", Map.of());
        String podId = runVm(config);
        try {
            String app = pods.createAndStart(podId, config, pods.container("app", "app.log", "sleep", "600"));
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(app).getState());
            String info = orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId)
                    .setVerbose(true).build()).getInfoOrThrow("info");
            var details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(info).path("runtimeDetails");
            assertEquals(Long.toString(qemuPid(podId)), details.path("qemuPid").asText(), info);
            assertEquals("running", details.path("vm").asText(), info);
            assertEquals("tcg", details.path("accelerator").asText(), info);
            assertTrue(details.path("bootMs").asText().matches("\\d+"), info);
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip().equals(
                    details.path("guestKernel").asText()), false, info);
        } finally {
            pods.removePod(podId);
        }
    }

    @Test
    void aHandlerWhoseKernelIsMissingIsNotOfferedAndSaysWhy() throws Exception {
        Path missing = dir.resolve("no-such-kernel");
        orca.configure("dev.orca.runtime.vm-vm-nokernel", Map.of("orca.runtime.handler", "vm-nokernel",
                "kernel.path", missing.toString(), "initramfs.path", orca.home().resolve("vm/initramfs.img").toString()));
        String entry = "";
        for (int i = 0; i < 200 && !entry.contains(missing.toString()); i++) {
            Thread.sleep(100);
            entry = handlerInfo("vm-nokernel");
        }
        assertTrue(entry.contains("\"offered\":false") && entry.contains(missing + " is missing"), entry);
        assertFalse(orca.offeredHandlers().contains("vm-nokernel"), orca.offeredHandlers().toString());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> orca.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pods.pod("vm-nokernel", Map.of()))
                        .setRuntimeHandler("vm-nokernel").build()));
        assertTrue(refused.getStatus().getDescription().contains("vm-nokernel"), refused.getMessage());
    }

    @Test
    void containersSharingThePodsPidNamespaceSeeEachOtherButNotTheAgentOrTheKernel() throws Exception {
        var shared = dev.orca.cri.v1.NamespaceOption.newBuilder().setPid(dev.orca.cri.v1.NamespaceMode.POD).build();
        PodSandboxConfig config = pods.pod("vm-sharedpid", Map.of(), shared);
        String podId = runVm(config);
        try {
            String first = pods.createAndStart(podId, config, pods.container("first", "first.log", "sleep", "601")
                    .setLinux(dev.orca.cri.v1.LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(shared))));
            String second = pods.createAndStart(podId, config, pods.container("second", "second.log", "sleep", "602")
                    .setLinux(dev.orca.cri.v1.LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(shared))));
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(first).getState());
            String ps = pods.output(second, "ps", "-o", "pid,comm,args");
            assertTrue(ps.contains("sleep 601") && ps.contains("sleep 602"), ps);
            assertTrue(ps.lines().skip(1).findFirst().orElse("").strip().startsWith("1 pod-init"), ps);
            // the agent (the guest's /init, PID 1 outside) and the kernel's threads are not in the pod's view
            assertFalse(ps.contains("kthreadd") || ps.lines().skip(2).anyMatch(l -> l.contains("/init")), ps);
        } finally {
            pods.removePod(podId);
        }
    }
}
