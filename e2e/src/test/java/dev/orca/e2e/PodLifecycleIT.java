package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatusRequest;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.testkit.PushedImage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod and its container on the default handler (crun where it is installed) under conmon, through the CRI, as the
 * kubelet drives them.
 */
class PodLifecycleIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static PushedImage busybox;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "pods/busybox:1");
        orca = node.orca;
        busybox = node.busybox;
        pods = node.pods;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aPodRunsAContainerThatSeesThePodsNamesAndDnsThenEverythingIsRemoved() throws Exception {
        PodSandboxConfig config = pods.pod("web", Map.of("net.ipv4.ip_unprivileged_port_start", "80"));
        String podId = pods.run(config);
        assertEquals(PodSandboxState.SANDBOX_READY, orca.runtime().podSandboxStatus(PodSandboxStatusRequest
                .newBuilder().setPodSandboxId(podId).build()).getStatus().getState());

        String id = pods.create(podId, config, "app", "app/0.log", "/bin/sh", "-c", "echo hello; exec sleep 60");
        orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());

        assertEquals("hi\n", pods.exec(id, "echo", "hi").getStdout().toStringUtf8());
        assertEquals("web\n", pods.exec(id, "hostname").getStdout().toStringUtf8());
        String resolv = pods.exec(id, "cat", "/etc/resolv.conf").getStdout().toStringUtf8();
        assertTrue(resolv.contains("nameserver 10.0.0.10") && resolv.contains("search e2e.svc.cluster.local"), resolv);
        assertEquals("80\n", pods.exec(id, "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start").getStdout()
                .toStringUtf8());
        assertEquals(3, pods.exec(id, "sh", "-c", "exit 3").getExitCode());
        Path log = Path.of(config.getLogDirectory(), "app/0.log");
        assertTrue(Files.readString(log).matches("(?s)\\S+ stdout F hello\n.*"), Files.readString(log));

        assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "the root filesystem is mounted");
        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(1).build());
        var status = orca.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
        assertEquals(ContainerState.CONTAINER_EXITED, status.getState());
        assertEquals(137, status.getExitCode(), status.toString());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id),
                "a stopped container's root filesystem is unmounted");

        orca.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        // gone from their names when RemoveContainer answers; deleted from the trash by the sweepers soon after
        Path runtimeState = orca.root().getParent().resolve("run/runtimes/" + orca.defaultHandler().orElseThrow());
        assertFalse(Files.exists(orca.root().resolve("storage/overlay/containers/" + id)), "root filesystem");
        assertFalse(Files.exists(runtimeState.resolve("containers/" + id)), "runtime bundle");
        assertEmptiesSoon(orca.root().resolve("storage/overlay/staging"));
        assertEmptiesSoon(runtimeState.resolve("deleting"));
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


    private static void assertEmptiesSoon(Path dir) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Path> left;
        do {
            try (var entries = Files.list(dir)) {
                left = entries.toList();
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline && sleep(20));
        assertEquals(List.of(), left, "left in " + dir);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void statsLimitsAndLogRotationWorkOnARunningContainer() throws Exception {
        PodSandboxConfig config = pods.pod("stats", Map.of());
        String podId = pods.run(config);
        String id = pods.create(podId, config, "busy", "busy.log", "/bin/sh", "-c",
                "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; echo counted; exec sleep 60");
        pods.start(id);
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
        pods.exec(id, "sh", "-c", "echo rotated > /proc/1/fd/1");
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
        PodSandboxConfig config = pods.pod("durable", Map.of());
        String podId = pods.run(config);
        String running = pods.create(podId, config, "running", "running.log", "/bin/sh", "-c", "echo up; exec sleep 60");
        String brief = pods.create(podId, config, "brief", "brief.log", "/bin/sh", "-c", "sleep 2; echo bye");
        pods.start(running);
        pods.start(brief);

        orca.kill9();
        Thread.sleep(3000);
        orca.start();
        assertRecovered(config, running, brief);
        orca.terminate();
        orca.start();
        assertRecovered(config, running, brief);


        String fresh = pods.create(podId, config, "fresh", "fresh.log", "/bin/sh", "-c", "echo new");
        pods.start(fresh);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pods.status(fresh).getState() != ContainerState.CONTAINER_EXITED && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, pods.status(fresh).getExitCode());
        // whoever saw it end first unmounts it: the exit watch, maybe still at it while a status says EXITED
        deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.readString(Path.of("/proc/self/mountinfo")).contains(fresh) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(fresh),
                "a container that ended by itself is unmounted");

        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
    }

    @Test
    void execOutputIsCappedTimedOutAndRefusedInStoppedContainers() throws Exception {
        PodSandboxConfig config = pods.pod("exec", Map.of());
        String podId = pods.run(config);
        String id = pods.create(podId, config, "target", "target.log", "/bin/sh", "-c", "exec sleep 60");
        pods.start(id);
        try {
            // CVE-2022-1708: a flood past the cap is cut, said so, and never held whole in the daemon's memory.
            ExecSyncResponse flood = orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id)
                    .addAllCmd(List.of("head", "-c", "40000000", "/dev/zero")).setTimeout(60).build());
            // the whole reply fits the kubelet's 16 MiB receive limit (ExecSyncFloodIT checks that with crictl)
            assertTrue(flood.getSerializedSize() <= 16 * 1024 * 1024, flood.getSerializedSize() + " bytes");
            assertTrue(flood.getStdout().size() > 16 * 1024 * 1024 - 200, flood.getStdout().size() + " bytes");
            assertTrue(flood.getExitCode() != 0, "a cut output is no success");
            assertTrue(flood.getStderr().toStringUtf8().contains("exec output truncated"),
                    flood.getStderr().toStringUtf8());

            long started = System.nanoTime();
            StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
                    () -> orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id)
                            .addAllCmd(List.of("sleep", "30")).setTimeout(1).build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode(), late.getMessage());
            assertTrue(System.nanoTime() - started < 10_000_000_000L);
            assertEquals("0", pods.exec(id, "sh", "-c", "ps | grep 'sleep 30' | grep -v grep | wc -l").getStdout()
                    .toStringUtf8().strip(), "the timed-out command was killed");

            orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
            StatusRuntimeException stopped = assertThrows(StatusRuntimeException.class, () -> pods.exec(id, "true"));
            assertEquals(Status.Code.FAILED_PRECONDITION, stopped.getStatus().getCode(), stopped.getMessage());
        } finally {
            orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        }
    }

    /** After a kill -9 or a SIGTERM: the running one runs on, the one that exited meanwhile says how. */
    private static void assertRecovered(PodSandboxConfig config, String running, String brief) throws Exception {
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(running).getState());
        assertEquals("still here\n", pods.exec(running, "echo", "still here").getStdout().toStringUtf8());
        var exited = pods.status(brief);
        assertEquals(ContainerState.CONTAINER_EXITED, exited.getState());
        assertEquals(0, exited.getExitCode());
        assertEquals("Completed", exited.getReason());
        assertTrue(Files.readString(Path.of(config.getLogDirectory(), "brief.log")).contains("stdout F bye"));
    }

    @Test
    void aSecondPodWithTheSameNameIsRefused() throws Exception {
        PodSandboxConfig config = pods.pod("twice", Map.of());
        String first = pods.run(config);
        try {
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> pods.run(config));
            assertEquals(Status.Code.ALREADY_EXISTS, error.getStatus().getCode());
            assertTrue(error.getStatus().getDescription().contains(first), error.getMessage());
        } finally {
            orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(first).build());
        }
    }

    @Test
    void badContainerRequestsAreRefusedAndLeaveNothing() throws Exception {
        PodSandboxConfig config = pods.pod("bad", Map.of());
        String podId = pods.run(config);
        try {
            StatusRuntimeException unknownPod = assertThrows(StatusRuntimeException.class,
                    () -> pods.create("0".repeat(64), config, "x", "x.log", "/bin/true"));
            assertEquals(Status.Code.NOT_FOUND, unknownPod.getStatus().getCode());

            StatusRuntimeException escape = assertThrows(StatusRuntimeException.class,
                    () -> pods.create(podId, config, "x", "../../x.log", "/bin/true"));
            assertEquals(Status.Code.INVALID_ARGUMENT, escape.getStatus().getCode());
            assertTrue(escape.getStatus().getDescription().contains("leaves the pod's log directory"));

            StatusRuntimeException noBinary = assertThrows(StatusRuntimeException.class,
                    () -> orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(
                            pods.create(podId, config, "nobin", "nobin.log", "/no/such/binary")).build()));
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
                () -> pods.run(pods.pod("sysctl", Map.of("kernel.core_pattern", "|/tmp/x"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .noneMatch(p -> p.getMetadata().getName().equals("sysctl")));
    }
}
