package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.DescribedHandler;
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
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's root filesystem is unmounted once the container is seen to end (StopContainer, StopPodSandbox, a
 * status, a listing or the exit watch), as containerd's shim does, so that RemoveContainer only deletes it; never
 * while the runtime still runs it.
 */
class StoppedRootFilesystemsTest {

    private static final Image BUSYBOX = new Image("sha256:b", List.of("busybox"), List.of(), 1, List.of(),
            ImageConfig.EMPTY, Instant.now());

    @TempDir
    Path root;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    /** Containers whose stop the runtime ignores: they keep running. */
    private final Set<String> stubborn = ConcurrentHashMap.newKeySet();
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private DirectoryRootfs rootfs;
    private NodeState state;
    private ContainerCalls containers;
    private PodCalls pods;

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root.resolve("state"));
        rootfs = new DirectoryRootfs(root, BUSYBOX);
        Lifecycle lifecycle = new Lifecycle(state, new EventBus<>(1000));
        PodLocks locks = new PodLocks();
        containers = new ContainerCalls(handlers, state, () -> rootfs,
                SpecGenerator.forThisHost(new ProfileProviders(Duration.ZERO)), lifecycle,
                new CoreMetrics("test", state, handlers), locks);
        PodNetworking networking = new PodNetworking(() -> null);
        pods = new PodCalls(handlers, state, containers, networking, lifecycle,
                new Startup(Duration.ZERO, Map.of()), locks,
                new NetworkChecks(networking, state::pod, locks, null, java.time.Clock.systemUTC(),
                        NetworkChecks.DELAY));
        RuntimeHandlerRegistryAccess.bind(handlers, new PhaseHandler(), "runc", true, 1);
        state.addPod(readyPod("p1"));
    }

    @Test
    void stopContainerUnmountsTheRootFilesystemAndRemoveContainerDeletesIt() {
        String id = running("web");
        assertTrue(rootfs.mounted.contains(id));

        containers.stop(id, 0);

        assertFalse(rootfs.mounted.contains(id));
        assertTrue(Files.isDirectory(rootfs.rootfs(id)), "the writable layer is kept until RemoveContainer");
        containers.stop(id, 0);
        containers.remove(id);
        assertFalse(Files.exists(rootfs.rootfs(id)));
        assertTrue(state.container(id).isEmpty());
    }

    @Test
    void aContainerTheRuntimeStillRunsKeepsItsRootFilesystemMounted() {
        String id = running("web");
        stubborn.add(id);

        containers.stop(id, 0);

        assertTrue(rootfs.mounted.contains(id));
    }

    @Test
    void aFailedUnmountStillStopsTheContainerAndRemoveContainerTakesTheRootFilesystem() {
        String id = running("web");
        rootfs.unmountFails = true;

        containers.stop(id, 0);

        assertEquals(Phase.EXITED, phases.get(id));
        assertTrue(rootfs.mounted.contains(id));
        containers.remove(id);
        assertFalse(rootfs.mounted.contains(id));
        assertFalse(Files.exists(rootfs.rootfs(id)));
    }

    @Test
    void aContainerThatEndsByItselfIsUnmountedOnceTheExitWatchSeesIt() {
        String id = running("job");
        phases.put(id, Phase.EXITED);
        assertTrue(rootfs.mounted.contains(id), "nobody has looked yet");

        containers.noticeExits();

        assertFalse(rootfs.mounted.contains(id));
        rootfs.mountRootFs(id);
        containers.status(id, false);
        assertTrue(rootfs.mounted.contains(id), "an exit is acted on once, by whoever saw it first");
    }

    @Test
    void stopPodSandboxUnmountsEachContainersRootFilesystem() {
        String web = running("web");
        String side = running("side");

        pods.stop("p1");

        assertEquals(Set.of(), rootfs.mounted, "still mounted after StopPodSandbox");
        assertTrue(Files.isDirectory(rootfs.rootfs(web)));
        assertTrue(Files.isDirectory(rootfs.rootfs(side)));
    }

    private String running(String name) {
        String id = containers.create(CreateContainerRequest.newBuilder().setPodSandboxId("p1")
                .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
                        .setImage(ImageSpec.newBuilder().setImage("busybox")).addCommand("sleep")
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(LinuxContainerSecurityContext
                                .newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                        .setPid(dev.orca.cri.v1.NamespaceMode.CONTAINER))))).build(),
                pods.find("p1"));
        containers.start(id);
        return id;
    }

    private PodRecord readyPod(String id) throws Exception {
        SandboxRequest request = new SandboxRequest(id, "pod", "default", "uid-" + id, 0, "pod", "", List.of(),
                List.of(), List.of(), NamespaceMode.NODE, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(), List.of(),
                List.of(), Map.of(), Map.of(), null);
        Path dir = Files.createDirectories(root.resolve("sandbox"));
        SandboxInfo info = new SandboxInfo(id, Map.of(), dir.resolve("hosts"), dir.resolve("resolv.conf"),
                dir.resolve("hostname"), null, "/orca-test");
        return new PodRecord(request, info, "runc", PodRecord.Phase.READY, Instant.now(), List.of());
    }

    /** Keeps each container's phase as a runtime would; a stubborn container ignores its stop. */
    final class PhaseHandler extends DescribedHandler {
        PhaseHandler() {
            super("phases");
        }

        @Override
        public ContainerState createContainer(ContainerRequest request) {
            phases.put(request.id(), Phase.CREATED);
            return containerState(request.id());
        }

        @Override
        public void startContainer(String containerId) {
            phases.put(containerId, Phase.RUNNING);
        }

        @Override
        public void stopContainer(String containerId, Duration timeout, String stopSignal) {
            if (!stubborn.contains(containerId)) {
                phases.put(containerId, Phase.EXITED);
            }
        }

        @Override
        public void removeContainer(String containerId) {
            phases.remove(containerId);
        }

        @Override
        public ContainerState containerState(String containerId) {
            Phase phase = phases.getOrDefault(containerId, Phase.UNKNOWN);
            return new ContainerState(containerId, phase, phase == Phase.RUNNING ? 42 : 0,
                    phase == Phase.EXITED ? 0 : -1, Instant.EPOCH, phase == Phase.CREATED ? null : Instant.EPOCH,
                    phase == Phase.EXITED ? Instant.now() : null, null, null);
        }

        @Override
        public void stopSandbox(String sandboxId) {
        }

        @Override
        public void removeSandbox(String sandboxId) {
        }
    }
}
