package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.Int64Value;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.Mount;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.e2e.CraftedRegistry.Delivery;
import dev.orca.e2e.CraftedRegistry.Tar;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
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

/** What a container's config asks for, seen from inside the container; and what it must not be allowed to ask. */
class ContainerConfigIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static CraftedRegistry crafted;
    static OrcaDaemon orca;
    static CriPods pods;
    static PodSandboxConfig pod;
    static String podId;

    @BeforeAll
    static void start() throws Exception {
        crafted = new CraftedRegistry();
        node = BusyboxNode.start(dir, "config/busybox:1", Map.of(), crafted.host());
        orca = node.orca;
        pods = node.pods;
        pod = pods.pod("config", Map.of());
        podId = pods.run(pod);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (crafted != null) {
            crafted.close();
        }
    }

    private static LinuxContainerSecurityContext.Builder security() {
        return LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(CriPods.CONTAINER_PID);
    }

    private static String running(String name, LinuxContainerSecurityContext.Builder security) {
        return pods.createAndStart(podId, pod, pods.container(name, name + ".log", "/bin/sh", "-c", "exec sleep 60")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security)));
    }

    private static StatusRuntimeException refused(dev.orca.cri.v1.ContainerConfig.Builder config) {
        return assertThrows(StatusRuntimeException.class, () -> pods.create(podId, pod, config));
    }

    @Test
    void usersComeFromTheRequestOrTheImagesOwnDatabases() {
        String app = running("as-app", security().setRunAsUsername("app"));
        String id = pods.output(app, "id");
        assertTrue(id.startsWith("uid=1000(app) gid=1000(app)") && id.contains("2000(shared)"), id);

        String numeric = running("as-4242", security().setRunAsUser(Int64Value.newBuilder().setValue(4242))
                .setRunAsGroup(Int64Value.newBuilder().setValue(4343)).addSupplementalGroups(5000));
        String numericId = pods.output(numeric, "id");
        assertTrue(numericId.startsWith("uid=4242 gid=4343") && numericId.contains("5000"), numericId);

        StatusRuntimeException ghost = refused(pods.container("ghost", "ghost.log", "/bin/true").setLinux(
                LinuxContainerConfig.newBuilder().setSecurityContext(security().setRunAsUsername("ghost"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, ghost.getStatus().getCode());
        assertTrue(ghost.getStatus().getDescription().contains("'ghost' is not in the image's /etc/passwd"));
    }

    @Test
    void aReadOnlyRootRefusesWritesAndReadOnlyMountsToo() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("greeting"), "from the host\n");
        String id = pods.createAndStart(podId, pod, pods.container("readonly", "readonly.log", "/bin/sh", "-c",
                "exec sleep 60").addMounts(Mount.newBuilder().setContainerPath("/shared").setHostPath(shared.toString())
                .setReadonly(true)).setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        security().setReadonlyRootfs(true))));

        assertNotEquals(0, pods.exec(id, "touch", "/new-file").getExitCode());
        assertEquals("from the host\n", pods.output(id, "cat", "/shared/greeting"));
        assertNotEquals(0, pods.exec(id, "touch", "/shared/x").getExitCode());
        assertEquals(0, pods.exec(id, "touch", "/tmp/../dev/shm/x").getExitCode(), "/dev/shm stays writable");
    }

    @Test
    void theDefaultCapabilitiesAndAnAddedOneShowInProcStatus() {
        String plain = running("caps-default", security());
        String added = running("caps-added", security().setCapabilities(
                dev.orca.cri.v1.Capability.newBuilder().addAddCapabilities("NET_ADMIN")));

        long defaults = capEff(plain);
        // bits 0 1 3 4 5 6 7 8 10
        assertEquals(0x5fbL, defaults,
                "CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE: "
                        + Long.toHexString(defaults));
        assertEquals(defaults | (1L << 12), capEff(added));
    }

    private static long capEff(String id) {
        String status = pods.output(id, "cat", "/proc/self/status");
        String line = status.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
        return Long.parseUnsignedLong(line.substring(7).strip(), 16);
    }

    @Test
    void aNegativeOomScoreIsRaisedToWhatTheNodeMayGrant() throws Exception {
        String id = pods.createAndStart(podId, pod, pods.container("oom-score", "oom-score.log", "/bin/sh", "-c",
                "exec sleep 60").setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security())
                .setResources(LinuxContainerResources.newBuilder().setOomScoreAdj(-998))));
        String floor = Files.readString(Path.of("/proc/" + orca.process().pid() + "/oom_score_adj")).strip();

        assertEquals(floor, pods.output(id, "cat", "/proc/1/oom_score_adj").strip());
    }

    @Test
    void badMountsWorkingDirsAndPlantedLinksAreRefusedBeforeAnythingRuns() throws Exception {
        StatusRuntimeException missing = refused(pods.container("missing-source", "m.log", "/bin/true")
                .addMounts(Mount.newBuilder().setContainerPath("/data").setHostPath("/no/such/host/dir")));
        assertEquals(Status.Code.INVALID_ARGUMENT, missing.getStatus().getCode());
        assertTrue(missing.getStatus().getDescription().contains("mount source '/no/such/host/dir'"));

        StatusRuntimeException climbing = refused(pods.container("climbing", "c.log", "/bin/true")
                .addMounts(Mount.newBuilder().setContainerPath("/../../../etc/cron.d/x").setHostPath("/tmp")));
        assertTrue(climbing.getStatus().getDescription().contains("escapes the root filesystem"));

        String planted = crafted.publish("config/planted", new Tar().symlink("escape", "../../../../../../etc")
                .bytes(), Delivery.WHOLE);
        orca.pull(planted);
        StatusRuntimeException viaLink = refused(pods.container("via-link", "v.log", "/bin/true")
                .setImage(dev.orca.cri.v1.ImageSpec.newBuilder().setImage(planted)).setWorkingDir("/escape/sub"));
        assertEquals(Status.Code.INVALID_ARGUMENT, viaLink.getStatus().getCode());
        assertTrue(viaLink.getStatus().getDescription().contains("through a symbolic link in the image"),
                viaLink.getMessage());
        assertTrue(orca.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()
                .stream().noneMatch(c -> List.of("missing-source", "climbing", "via-link")
                        .contains(c.getMetadata().getName())));
    }

    @Test
    void aRuntimeFailureLeavesNoMountMonitorOrState() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        StatusRuntimeException error = refused(pods.container("bad-mount", "bad.log", "/bin/true")
                .addMounts(Mount.newBuilder().setContainerPath("/etc").setHostPath(file.toString())));
        assertFalse(error.getStatus().getDescription().isBlank());

        assertTrue(orca.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()
                .stream().noneMatch(c -> c.getMetadata().getName().equals("bad-mount")));
        try (var containers = Files.list(orca.root().resolve("state/containers"))) {
            List<String> ids = orca.runtime().listContainers(ListContainersRequest.getDefaultInstance())
                    .getContainersList().stream().map(c -> c.getId() + ".json").toList();
            assertTrue(containers.allMatch(f -> ids.contains(f.getFileName().toString())), "no orphan state file");
        }
        int containers = orca.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount();
        try (var rootfs = Files.list(orca.root().resolve("storage/overlay/containers"))) {
            assertEquals(containers, rootfs.count(), "no orphan root filesystem");
        }
        String overlayMounts = orca.root().resolve("storage/overlay/containers").toString();
        assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(overlayMounts)).count() <= containers, "no orphan mount");
        String handler = orca.defaultHandler().orElseThrow(); // this class's containers run on the default
        try (var bundles = Files.list(orca.root().getParent().resolve("run/runtimes/" + handler + "/containers"))) {
            assertEquals(containers, bundles.count(), "no orphan runtime bundle or monitor state");
        }
    }

    @Test
    void aContainerInAStoppedPodIsRefused() throws Exception {
        PodSandboxConfig stopped = pods.pod("stopped", Map.of());
        String stoppedId = pods.run(stopped);
        orca.runtime().stopPodSandbox(dev.orca.cri.v1.StopPodSandboxRequest.newBuilder().setPodSandboxId(stoppedId)
                .build());

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> pods.create(stoppedId, stopped, "late", "late.log", "/bin/true"));

        assertEquals(Status.Code.FAILED_PRECONDITION, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("is stopped"), error.getMessage());
        pods.removePod(stoppedId);
    }

    @Test
    void aHostNetworkPodSeesTheNodesNetworkAndName() throws Exception {
        PodSandboxConfig host = pods.pod("host-net", Map.of(), NamespaceOption.newBuilder()
                .setNetwork(NamespaceMode.NODE).setPid(NamespaceMode.CONTAINER).build());
        String hostPod = pods.run(host.toBuilder().setHostname("").build());
        try {
            String id = pods.createAndStart(hostPod, host, pods.container("on-host", "h.log", "/bin/sh", "-c",
                    "exec sleep 60"));
            assertEquals(Files.readAllLines(Path.of("/proc/net/dev")).size(),
                    pods.output(id, "cat", "/proc/net/dev").lines().count(), "the node's interfaces");
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")),
                    pods.output(id, "cat", "/proc/sys/kernel/hostname"));
        } finally {
            pods.removePod(hostPod);
        }
    }

    @Test
    void theImagesStopSignalIsSentFirst() throws Exception {
        PushedImage multi = TestImages.multiLayer(node.registry, "config/multi:1");
        orca.pull(multi.reference());
        String id = pods.createAndStart(podId, pod, pods.container("stop-signal", "stop.log", "/bin/sh", "-c",
                "trap 'exit 42' INT; trap 'exit 15' TERM; echo ready; while true; do sleep 0.1; done")
                .setImage(dev.orca.cri.v1.ImageSpec.newBuilder().setImage(multi.reference())));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(Path.of(pod.getLogDirectory(), "stop.log")).contains("ready")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        orca.runtime().stopContainer(dev.orca.cri.v1.StopContainerRequest.newBuilder().setContainerId(id)
                .setTimeout(10).build());

        assertEquals(42, pods.status(id).getExitCode(), "SIGINT, the image's STOPSIGNAL, came first");
    }

    @Test
    void theContainersInitHoldsOnlyItsStandardStreams() {
        // CVE-2024-21626: a descriptor leaked into runc reached the container (a host cgroup directory).
        String id = running("fds", security());
        assertEquals("0\n1\n2\n", pods.output(id, "ls", "/proc/1/fd"));
    }

    @Test
    void statusShowsTheMountsAndUnknownIdsAreNotFound() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("status-mount"));
        String id = pods.createAndStart(podId, pod, pods.container("with-mount", "wm.log", "/bin/sh", "-c",
                "exec sleep 60").addMounts(Mount.newBuilder().setContainerPath("/m").setHostPath(shared.toString())
                .setReadonly(true)));
        var mount = pods.status(id).getMounts(0);
        assertEquals("/m", mount.getContainerPath());
        assertEquals(shared.toString(), mount.getHostPath());
        assertTrue(mount.getReadonly());

        String unknown = "f".repeat(64);
        StatusRuntimeException status = assertThrows(StatusRuntimeException.class, () -> pods.status(unknown));
        assertEquals(Status.Code.NOT_FOUND, status.getStatus().getCode());
        assertTrue(status.getStatus().getDescription().contains(unknown));
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> pods.start(unknown))
                .getStatus().getCode());
        orca.runtime().removeContainer(dev.orca.cri.v1.RemoveContainerRequest.newBuilder().setContainerId(unknown)
                .build());
    }

    @Test
    void listingsFilterByPodStateAndLabels() {
        String labelled = pods.createAndStart(podId, pod, pods.container("labelled", "l.log", "/bin/sh", "-c",
                "exec sleep 60").putLabels("tier", "web"));
        var byLabel = orca.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                dev.orca.cri.v1.ContainerFilter.newBuilder().putLabelSelector("tier", "web")).build());
        assertEquals(List.of(labelled), byLabel.getContainersList().stream().map(c -> c.getId()).toList());
        var running = orca.runtime().listContainers(ListContainersRequest.newBuilder().setFilter(
                dev.orca.cri.v1.ContainerFilter.newBuilder().setPodSandboxId(podId).setState(
                        dev.orca.cri.v1.ContainerStateValue.newBuilder().setState(ContainerState.CONTAINER_RUNNING)))
                .build());
        assertTrue(running.getContainersList().stream().allMatch(c -> c.getState() == ContainerState.CONTAINER_RUNNING
                && c.getPodSandboxId().equals(podId)));
        var ready = orca.runtime().listPodSandbox(dev.orca.cri.v1.ListPodSandboxRequest.newBuilder().setFilter(
                dev.orca.cri.v1.PodSandboxFilter.newBuilder().setId(podId.substring(0, 12))).build());
        assertEquals(List.of(podId), ready.getItemsList().stream().map(p -> p.getId()).toList());
    }

    @Test
    void aHostPidPodSeesTheNodesProcesses() throws Exception {
        PodSandboxConfig host = pods.pod("host-pid", Map.of(), NamespaceOption.newBuilder()
                .setPid(NamespaceMode.NODE).build());
        String hostPod = pods.run(host);
        try {
            String id = pods.createAndStart(hostPod, host, pods.container("host-pid", "hp.log", "/bin/sh", "-c",
                    "exec sleep 60").setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                            LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                    .setPid(NamespaceMode.NODE)))));
            assertEquals(Files.readString(Path.of("/proc/1/comm")), pods.output(id, "cat", "/proc/1/comm"));
        } finally {
            pods.removePod(hostPod);
        }
    }

    @Test
    void devicesAndCpuLimitsReachTheContainer() throws Exception {
        String id = pods.createAndStart(podId, pod, pods.container("devices", "dev.log", "/bin/sh", "-c",
                "exec sleep 60").addDevices(dev.orca.cri.v1.Device.newBuilder().setHostPath("/dev/null")
                .setContainerPath("/dev/xnull").setPermissions("rw")).setLinux(LinuxContainerConfig.newBuilder()
                .setSecurityContext(security()).setResources(LinuxContainerResources.newBuilder().setCpuShares(512)
                        .setCpuQuota(50_000).setCpuPeriod(100_000))));

        assertEquals(0, pods.exec(id, "sh", "-c", "echo x > /dev/xnull").getExitCode());
        assertTrue(pods.output(id, "ls", "-l", "/dev/xnull").startsWith("c"), "a character device");
        Path cgroup = Path.of("/sys/fs/cgroup/cpu" + pod.getLinux().getCgroupParent(), "orca-" + id);
        assertEquals("512", Files.readString(cgroup.resolve("cpu.shares")).strip());
        assertEquals("50000", Files.readString(cgroup.resolve("cpu.cfs_quota_us")).strip());
    }

    @Test
    void aHostIpcPodSharesTheNodesSharedMemory() throws Exception {
        PodSandboxConfig host = pods.pod("host-ipc", Map.of(), NamespaceOption.newBuilder()
                .setIpc(NamespaceMode.NODE).setPid(NamespaceMode.CONTAINER).build());
        String hostPod = pods.run(host);
        String marker = "orca-e2e-" + System.nanoTime();
        try {
            String id = pods.createAndStart(hostPod, host, pods.container("host-ipc", "hi.log", "/bin/sh", "-c",
                    "exec sleep 60"));
            assertEquals(0, pods.exec(id, "touch", "/dev/shm/" + marker).getExitCode());
            assertTrue(Files.exists(Path.of("/dev/shm", marker)), "the node's /dev/shm");
        } finally {
            Files.deleteIfExists(Path.of("/dev/shm", marker));
            pods.removePod(hostPod);
        }
    }

    @Test
    void anImageInUseIsNotRemoved() {
        String id = running("keeps-image", security());
        String image = pods.status(id).getImageRef();

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> orca.images().removeImage(
                dev.orca.cri.v1.RemoveImageRequest.newBuilder().setImage(dev.orca.cri.v1.ImageSpec.newBuilder()
                        .setImage(image)).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("in use by container"), error.getMessage());
    }

    @Test
    void aHugepageLimitIsAcceptedWhereTheNodeHasNoHugetlbHierarchy() {
        String id = pods.createAndStart(podId, pod, pods.container("hugepages", "hp.log", "/bin/sh", "-c",
                "exec sleep 60").setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security())
                .setResources(LinuxContainerResources.newBuilder().addHugepageLimits(
                        dev.orca.cri.v1.HugepageLimit.newBuilder().setPageSize("2MB").setLimit(0)))));
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState());
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() throws Exception {
        // tail keeps the last lines of /dev/zero, which has no line end: one line that grows until the limit.
        String id = pods.createAndStart(podId, pod, pods.container("hog", "hog.log", "/bin/sh", "-c",
                "exec tail /dev/zero").setLinux(LinuxContainerConfig
                .newBuilder().setSecurityContext(security()).setResources(LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(32L << 20))));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (pods.status(id).getState() != ContainerState.CONTAINER_EXITED && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var status = pods.status(id);
        assertEquals(ContainerState.CONTAINER_EXITED, status.getState());
        assertEquals("OOMKilled", status.getReason(), status.toString());
    }
}
