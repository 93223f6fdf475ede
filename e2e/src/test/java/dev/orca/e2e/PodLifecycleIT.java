package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.DNSConfig;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod and its container on runc under conmon, through the CRI, as the kubelet drives them. */
class PodLifecycleIT {

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static PushedImage busybox;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "pods/busybox:1");
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()), Map.of(), List.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!orca.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(0).getStatus()) {
            assertTrue(System.nanoTime() < deadline, "the runc handler was never offered:\n" + orca.log());
            Thread.sleep(100);
        }
        orca.pull(busybox.reference());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            // Whatever a failed test left: pods (with their containers, mounts, namespaces and cgroups) go first.
            for (var pod : orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
                orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(pod.getId()).build());
                orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.getId())
                        .build());
            }
            orca.close();
        }
        // The cgroup parent the kubelet would own; tests made it, tests remove it.
        for (Path hierarchy : Files.list(Path.of("/sys/fs/cgroup")).toList()) {
            if (Files.isDirectory(hierarchy.resolve("orca-e2e"))) {
                try (var tree = Files.walk(hierarchy.resolve("orca-e2e"))) {
                    for (Path cgroup : tree.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder())
                            .toList()) {
                        Files.delete(cgroup);
                    }
                }
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** As the kubelet asks for pods that do not share a process namespace. */
    static final NamespaceOption CONTAINER_PID = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER).build();

    static PodSandboxConfig pod(String name, Map<String, String> sysctls) throws Exception {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("e2e").setUid(uid))
                .setHostname(name)
                .setLogDirectory(Files.createDirectories(dir.resolve("logs").resolve(uid)).toString())
                .setDnsConfig(DNSConfig.newBuilder().addServers("10.0.0.10").addSearches("e2e.svc.cluster.local"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/orca-e2e/pod" + uid)
                        .putAllSysctls(sysctls).setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(CONTAINER_PID)))
                .build();
    }

    static String run(PodSandboxConfig config) {
        return orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
    }

    static String create(String podId, PodSandboxConfig pod, String name, String logPath, String... command) {
        return orca.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setSandboxConfig(pod)
                .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
                        .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).addAllCommand(List.of(command))
                        .setLogPath(logPath).setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(CONTAINER_PID))))
                .build()).getContainerId();
    }

    static ExecSyncResponse exec(String id, String... command) {
        return orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(command))
                .setTimeout(10).build());
    }

    static ContainerState state(String id) {
        return orca.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus().getState();
    }

    @Test
    void aPodRunsAContainerThatSeesThePodsNamesAndDnsThenEverythingIsRemoved() throws Exception {
        PodSandboxConfig config = pod("web", Map.of("net.ipv4.ip_unprivileged_port_start", "80"));
        String podId = run(config);
        assertEquals(PodSandboxState.SANDBOX_READY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());

        String id = create(podId, config, "app", "app/0.log", "/bin/sh", "-c", "echo hello; exec sleep 60");
        orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals(ContainerState.CONTAINER_RUNNING, state(id));

        assertEquals("hi\n", exec(id, "echo", "hi").getStdout().toStringUtf8());
        assertEquals("web\n", exec(id, "hostname").getStdout().toStringUtf8());
        String resolv = exec(id, "cat", "/etc/resolv.conf").getStdout().toStringUtf8();
        assertTrue(resolv.contains("nameserver 10.0.0.10") && resolv.contains("search e2e.svc.cluster.local"), resolv);
        assertEquals("80\n", exec(id, "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start").getStdout()
                .toStringUtf8());
        assertEquals(3, exec(id, "sh", "-c", "exit 3").getExitCode());
        Path log = Path.of(config.getLogDirectory(), "app/0.log");
        assertTrue(Files.readString(log).matches("(?s)\\S+ stdout F hello\n.*"), Files.readString(log));

        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(1).build());
        var status = orca.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
        assertEquals(ContainerState.CONTAINER_EXITED, status.getState());
        assertEquals(137, status.getExitCode(), status.toString());

        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());

        assertTrue(orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .noneMatch(p -> p.getId().equals(podId)));
        assertTrue(orca.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()
                .stream().noneMatch(c -> c.getId().equals(id)));
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertFalse(mounts.contains(podId), "no mount of the pod is left");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/orca-e2e/pod" + config.getMetadata().getUid())),
                "the pod's cgroup is gone");
    }

    static void startContainer(String id) {
        orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    }

    static dev.orca.cri.v1.ContainerStatus status(String id) {
        return orca.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
    }

    @Test
    void statsLimitsAndLogRotationWorkOnARunningContainer() throws Exception {
        PodSandboxConfig config = pod("stats", Map.of());
        String podId = run(config);
        String id = create(podId, config, "busy", "busy.log", "/bin/sh", "-c",
                "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; echo counted; exec sleep 60");
        startContainer(id);
        Path log = Path.of(config.getLogDirectory(), "busy.log");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains("counted")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        var stats = orca.runtime().containerStats(dev.orca.cri.v1.ContainerStatsRequest.newBuilder()
                .setContainerId(id).build()).getStats();
        assertTrue(stats.getCpu().getUsageCoreNanoSeconds().getValue() > 0, stats.toString());
        assertTrue(stats.getMemory().getWorkingSetBytes().getValue() > 0, stats.toString());
        assertTrue(stats.hasWritableLayer(), stats.toString());
        var podStats = orca.runtime().podSandboxStats(dev.orca.cri.v1.PodSandboxStatsRequest.newBuilder()
                .setPodSandboxId(podId).build()).getStats();
        assertTrue(podStats.getLinux().getCpu().getUsageCoreNanoSeconds().getValue() > 0, podStats.toString());
        assertEquals(1, podStats.getLinux().getContainersCount());
        assertTrue(orca.runtime().listContainerStats(dev.orca.cri.v1.ListContainerStatsRequest.getDefaultInstance())
                .getStatsList().stream().anyMatch(s -> s.getAttributes().getId().equals(id)));

        orca.runtime().updateContainerResources(dev.orca.cri.v1.UpdateContainerResourcesRequest.newBuilder()
                .setContainerId(id).setLinux(dev.orca.cri.v1.LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(64L << 20)).build());
        Path limit = Path.of("/sys/fs/cgroup/memory/orca-e2e/pod" + config.getMetadata().getUid(), "orca-" + id,
                "memory.limit_in_bytes");
        assertEquals(String.valueOf(64L << 20), Files.readString(limit).strip());

        Files.move(log, log.resolveSibling("busy.log.1"));
        orca.runtime().reopenContainerLog(dev.orca.cri.v1.ReopenContainerLogRequest.newBuilder().setContainerId(id)
                .build());
        exec(id, "sh", "-c", "echo rotated > /proc/1/fd/1");
        deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains("rotated")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(log).contains("stdout F rotated"), "the new log file gets the new lines");

        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
    }

    @Test
    void containersOutliveTheDaemonAndAreRecoveredWithWhatHappenedMeanwhile() throws Exception {
        PodSandboxConfig config = pod("durable", Map.of());
        String podId = run(config);
        String running = create(podId, config, "running", "running.log", "/bin/sh", "-c", "echo up; exec sleep 60");
        String brief = create(podId, config, "brief", "brief.log", "/bin/sh", "-c", "sleep 2; echo bye");
        startContainer(running);
        startContainer(brief);

        orca.kill9();
        Thread.sleep(3000);
        orca.start();

        assertEquals(ContainerState.CONTAINER_RUNNING, status(running).getState());
        assertEquals("still here\n", exec(running, "echo", "still here").getStdout().toStringUtf8());
        var exited = status(brief);
        assertEquals(ContainerState.CONTAINER_EXITED, exited.getState());
        assertEquals(0, exited.getExitCode());
        assertEquals("Completed", exited.getReason());
        assertTrue(Files.readString(Path.of(config.getLogDirectory(), "brief.log")).contains("stdout F bye"));

        String fresh = create(podId, config, "fresh", "fresh.log", "/bin/sh", "-c", "echo new");
        startContainer(fresh);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (status(fresh).getState() != ContainerState.CONTAINER_EXITED && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, status(fresh).getExitCode());

        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
    }

    @Test
    void execOutputIsCappedTimedOutAndRefusedInStoppedContainers() throws Exception {
        PodSandboxConfig config = pod("exec", Map.of());
        String podId = run(config);
        String id = create(podId, config, "target", "target.log", "/bin/sh", "-c", "exec sleep 60");
        startContainer(id);
        try {
            // CVE-2022-1708: a flood past the cap is cut, said so, and never held whole in the daemon's memory.
            ExecSyncResponse flood = orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id)
                    .addAllCmd(List.of("head", "-c", "40000000", "/dev/zero")).setTimeout(60).build());
            assertEquals(16 * 1024 * 1024, flood.getStdout().size());
            assertTrue(flood.getExitCode() != 0, "a cut output is no success");
            assertTrue(flood.getStderr().toStringUtf8().contains("16777216"), flood.getStderr().toStringUtf8());

            long started = System.nanoTime();
            StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
                    () -> orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id)
                            .addAllCmd(List.of("sleep", "30")).setTimeout(1).build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.getMessage());
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
            assertEquals("0", exec(id, "sh", "-c", "ps | grep 'sleep 30' | grep -v grep | wc -l").getStdout()
                    .toStringUtf8().strip(), "the timed-out command was killed");

            orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
            StatusRuntimeException stopped = assertThrows(StatusRuntimeException.class, () -> exec(id, "true"));
            assertEquals(Status.Code.FAILED_PRECONDITION, stopped.getStatus().getCode(), stopped.getMessage());
        } finally {
            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        }
    }

    @Test
    void aSecondPodWithTheSameNameIsRefused() throws Exception {
        PodSandboxConfig config = pod("twice", Map.of());
        String first = run(config);
        try {
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> run(config));
            assertEquals(Status.Code.ALREADY_EXISTS, error.getStatus().getCode());
            assertTrue(error.getStatus().getDescription().contains(first), error.getMessage());
        } finally {
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(first).build());
        }
    }

    @Test
    void badContainerRequestsAreRefusedAndLeaveNothing() throws Exception {
        PodSandboxConfig config = pod("bad", Map.of());
        String podId = run(config);
        try {
            StatusRuntimeException unknownPod = assertThrows(StatusRuntimeException.class,
                    () -> create("0".repeat(64), config, "x", "x.log", "/bin/true"));
            assertEquals(Status.Code.NOT_FOUND, unknownPod.getStatus().getCode());

            StatusRuntimeException escape = assertThrows(StatusRuntimeException.class,
                    () -> create(podId, config, "x", "../../x.log", "/bin/true"));
            assertEquals(Status.Code.INVALID_ARGUMENT, escape.getStatus().getCode());
            assertTrue(escape.getStatus().getDescription().contains("leaves the pod's log directory"));

            StatusRuntimeException noBinary = assertThrows(StatusRuntimeException.class,
                    () -> orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(
                            create(podId, config, "nobin", "nobin.log", "/no/such/binary")).build()));
            assertTrue(noBinary.getStatus().getDescription().contains("/no/such/binary"),
                    noBinary.getMessage() + "\n" + orca.log());

            assertTrue(orca.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                    dev.orca.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podId)).build()).getContainersList()
                    .stream().allMatch(c -> c.getMetadata().getName().equals("nobin")), "only the created one is left");
        } finally {
            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        }
        StatusRuntimeException stopped = assertThrows(StatusRuntimeException.class,
                () -> orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId)
                        .build()));
        assertEquals(Status.Code.NOT_FOUND, stopped.getStatus().getCode());
    }

    @Test
    void aNonNamespacedSysctlIsRefusedBeforeAnythingIsMade() throws Exception {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> run(pod("sysctl", Map.of("kernel.core_pattern", "|/tmp/x"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .noneMatch(p -> p.getMetadata().getName().equals("sysctl")));
    }
}
