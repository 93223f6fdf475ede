package dev.orca.bench;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.ContainerStatsRequest;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * One pod's life as the kubelet leads it, with the calls a running pod gets: RunPodSandbox, CreateContainer,
 * StartContainer, ExecSync, its log file read, ContainerStats, StopContainer, RemoveContainer, StopPodSandbox,
 * RemovePodSandbox. Each answer is checked, so a cycle that fails says so rather than being counted.
 */
final class SoakCycle {

    static final String CGROUP_PARENT = "orca-soak";
    private static final NamespaceOption OWN_PID = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER)
            .build();

    private final RuntimeServiceBlockingStub runtime;
    private final String image;
    private final Path logs;

    SoakCycle(RuntimeServiceBlockingStub runtime, String image, Path logs) {
        this.runtime = runtime;
        this.image = image;
        this.logs = logs;
    }

    void run(int cycle) throws IOException, InterruptedException {
        String uid = UUID.randomUUID().toString();
        Path logDir = Files.createDirectories(logs.resolve(uid));
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("soak").setNamespace("soak").setUid(uid))
                .setHostname("soak").setLogDirectory(logDir.toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/" + CGROUP_PARENT + "/pod" + uid)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(OWN_PID)))
                .build();
        String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                .getPodSandboxId();
        String line = "soak cycle " + cycle;
        String id = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .addAllCommand(List.of("/bin/sh", "-c", "echo '" + line + "'; exec sleep 600"))
                        .setLogPath("app.log")
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(OWN_PID))))
                .build()).getContainerId();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        String said = runtime.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addAllCmd(List.of("echo",
                "exec " + cycle)).setTimeout(10).build()).getStdout().toStringUtf8();
        check(said.equals("exec " + cycle + "\n"), "ExecSync answered \"" + said + "\"");
        awaitLine(logDir.resolve("app.log"), line);
        long memory = runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats().getMemory().getWorkingSetBytes().getValue();
        check(memory > 0, "ContainerStats gave no working set");
        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        dev.orca.os.FileTrees.delete(logDir);
    }

    /** The container's log file, in the CRI format, holds {@code line} within 10 s. */
    private static void awaitLine(Path log, String line) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(log) && Files.readString(log).contains(" stdout F " + line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the log " + log + " never held \"" + line + "\"");
    }

    private static void check(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise);
        }
    }
}
