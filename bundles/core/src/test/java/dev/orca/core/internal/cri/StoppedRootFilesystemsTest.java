package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.pods.NodeState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.RuntimeHandlerException;
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
    private DirectoryRootfs rootfs;
    private NodeState state;
    private ContainerCalls containers;
    private PodCalls pods;

    @BeforeEach
    void setUp() throws Exception {
        rootfs = new DirectoryRootfs(root, BUSYBOX);
        OnePodNode node = new OnePodNode(root, new PhaseHandler(), rootfs);
        state = node.state;
        containers = node.containers;
        pods = node.pods;
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
        String id = containers.create(OnePodNode.create(name, "sleep"), pods.find(OnePodNode.POD));
        containers.start(id);
        return id;
    }

    /** Keeps each container's phase as a runtime would; a stubborn container ignores its stop. */
    final class PhaseHandler extends PhaseKeepingHandler {
        PhaseHandler() {
            super("phases", StoppedRootFilesystemsTest.this.phases);
        }

        @Override
        public void stopContainer(String containerId, Duration timeout, String stopSignal)
                throws RuntimeHandlerException {
            if (!stubborn.contains(containerId)) {
                super.stopContainer(containerId, timeout, stopSignal);
            }
        }
    }
}
