package dev.orca.e2e;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerStatus;
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
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pods and containers as the kubelet asks for them, for the tests of one daemon and one image. */
final class CriPods {

    /** As the kubelet asks for pods that do not share a process namespace. */
    static final NamespaceOption CONTAINER_PID = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER).build();
    /** The cgroup parent the tests' pods go under (the kubelet would own it; the tests remove it). */
    static final String CGROUP_PARENT = "/orca-e2e";

    private final OrcaDaemon orca;
    private final String image;
    private final Path logs;

    CriPods(OrcaDaemon orca, String image, Path logs) {
        this.orca = orca;
        this.image = image;
        this.logs = logs;
    }

    /** Waits until {@code path} exists in the running container (its command's signal that it is ready). */
    void awaitFile(String containerId, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (exec(containerId, "test", "-e", path).getExitCode() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + containerId + " never made " + path);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the node offers a default runtime handler. */
    void awaitDefaultHandler() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!orca.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(0).getStatus()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the runtime handler was never offered:\n" + orca.log());
            }
            Thread.sleep(100);
        }
        // every deploy/ configuration offering its handler as the default registered: the default is settled
        try {
            java.util.Set<String> candidates = orca.defaultCandidatesDeployed();
            while (!candidates.stream().allMatch(orca.handlerInfo()::has)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("default handler candidates " + candidates + " never all deployed: "
                            + orca.handlerInfo() + "\n" + orca.log());
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The RuntimeClass handler a pod runs on, as its status says. */
    String handlerOf(String podId) {
        return orca.runtime().podSandboxStatus(dev.orca.cri.v1.PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(podId).build()).getStatus().getRuntimeHandler();
    }

    PodSandboxConfig pod(String name, Map<String, String> sysctls) throws IOException {
        return pod(name, sysctls, CONTAINER_PID);
    }

    PodSandboxConfig pod(String name, Map<String, String> sysctls, NamespaceOption namespaces) throws IOException {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("e2e").setUid(uid))
                .setHostname(name)
                .setLogDirectory(Files.createDirectories(logs.resolve(uid)).toString())
                .setDnsConfig(DNSConfig.newBuilder().addServers("10.0.0.10").addSearches("e2e.svc.cluster.local"))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent(CGROUP_PARENT + "/pod" + uid)
                        .putAllSysctls(sysctls).setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(namespaces)))
                .build();
    }

    String run(PodSandboxConfig config) {
        return orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
    }

    /** A container of this image running {@code command}, with its own process namespace, changed as asked. */
    ContainerConfig.Builder container(String name, String logPath, String... command) {
        return ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image)).addAllCommand(List.of(command)).setLogPath(logPath)
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(CONTAINER_PID)));
    }

    String create(String podId, PodSandboxConfig pod, ContainerConfig.Builder config) {
        return orca.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setSandboxConfig(pod).setConfig(config).build()).getContainerId();
    }

    String create(String podId, PodSandboxConfig pod, String name, String logPath, String... command) {
        return create(podId, pod, container(name, logPath, command));
    }

    String createAndStart(String podId, PodSandboxConfig pod, ContainerConfig.Builder config) {
        String id = create(podId, pod, config);
        start(id);
        return id;
    }

    void start(String id) {
        orca.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    }

    ExecSyncResponse exec(String id, String... command) {
        return orca.runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of(command))
                .setTimeout(10).build());
    }

    String output(String id, String... command) {
        return exec(id, command).getStdout().toStringUtf8();
    }

    ContainerStatus status(String id) {
        return orca.runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
    }

    void removePod(String podId) {
        orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
    }

    /** Stops and removes every pod of the daemon. */
    void removePods() {
        for (var pod : orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
            removePod(pod.getId());
        }
    }

    /** Removes every pod a failed test left, then the tests' cgroup parent in every hierarchy. */
    void removeAll() throws IOException {
        removePods();
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path parent = hierarchy.resolve(CGROUP_PARENT.substring(1));
                if (Files.isDirectory(parent)) {
                    try (var tree = Files.walk(parent)) {
                        for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(cgroup);
                        }
                    }
                }
            }
        }
    }
}
