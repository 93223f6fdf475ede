package dev.orca.core.internal.cri;

import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.core.internal.spec.ProfileProviders;
import dev.orca.core.internal.spec.SpecGenerator;
import dev.orca.core.internal.wait.Startup;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.spi.ImageStore;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The core's container and pod calls over a node state in a folder, with one handler as the default "runc" and one
 * ready pod, "p1", recorded: what tests of the calls' logic need, without a runtime or a network.
 */
final class OnePodNode {

    static final String POD = "p1";

    final NodeState state;
    final ContainerCalls containers;
    final PodCalls pods;

    OnePodNode(Path root, RuntimeHandler handler, ImageStore images) throws Exception {
        this(root, handler, images, null, Runnable::run);
    }

    /**
     * The same with {@code network} (null: none) as the node's pod network, the pod on a network of its own when there
     * is one, and {@code work} running what the calls do beside their own thread.
     */
    OnePodNode(Path root, RuntimeHandler handler, ImageStore images, dev.orca.spi.PodNetwork network,
            java.util.concurrent.Executor work) throws Exception {
        RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
        state = new NodeState(root.resolve("state"));
        Lifecycle lifecycle = new Lifecycle(state, new EventBus<>(1000));
        PodLocks locks = new PodLocks();
        containers = new ContainerCalls(handlers, state, () -> images,
                SpecGenerator.forThisHost(new ProfileProviders(Duration.ZERO)), lifecycle,
                new CoreMetrics("test", state, handlers), locks);
        PodNetworking networking = new PodNetworking(() -> network);
        pods = new PodCalls(handlers, state, containers, networking, lifecycle, new Startup(Duration.ZERO, Map.of()),
                locks, new NetworkChecks(networking, state::pod, locks, null, Clock.systemUTC(), NetworkChecks.DELAY),
                work);
        RuntimeHandlerRegistryAccess.bind(handlers, handler, "runc", true, 1);
        state.addPod(readyPod(root, network == null ? NamespaceMode.NODE : NamespaceMode.POD));
    }

    /** A CreateContainer of busybox in the pod, with a PID namespace of its own (the pod record pins none). */
    static CreateContainerRequest create(String name, String command) {
        return CreateContainerRequest.newBuilder().setPodSandboxId(POD).setConfig(ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage("busybox")).addCommand(command)
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext
                        .newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                .setPid(dev.orca.cri.v1.NamespaceMode.CONTAINER))))).build();
    }

    private static PodRecord readyPod(Path root, NamespaceMode network) throws Exception {
        SandboxRequest request = new SandboxRequest(POD, "pod", "default", "uid-" + POD, 0, "pod", "", List.of(),
                List.of(), List.of(), network, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), Map.of(), null);
        Path dir = Files.createDirectories(root.resolve("sandbox"));
        SandboxInfo info = new SandboxInfo(POD, Map.of(), dir.resolve("hosts"), dir.resolve("resolv.conf"),
                dir.resolve("hostname"), null, "/orca-test");
        return new PodRecord(request, info, "runc", PodRecord.Phase.READY, Instant.now(), List.of());
    }
}
