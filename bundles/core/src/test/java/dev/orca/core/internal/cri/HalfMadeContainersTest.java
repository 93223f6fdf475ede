package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodLocks;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a CreateContainer cut off by the daemon's end made is taken apart by the next sweep, and nothing else. */
class HalfMadeContainersTest {

    @TempDir
    Path root;
    private final List<String> removedContainers = new ArrayList<>();
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private NodeState state;
    private ContainerCalls containers;
    private DirectoryRootfs rootfs;

    @BeforeEach
    void setUp() throws Exception {
        state = new NodeState(root);
        rootfs = new DirectoryRootfs(root, new Image("sha256:b", List.of("busybox"), List.of(), 1, List.of(),
                ImageConfig.EMPTY, Instant.now()));
        containers = new ContainerCalls(handlers, state, () -> rootfs, null,
                new Lifecycle(state, new EventBus<>(16)), null, new PodLocks());
        RuntimeHandlerRegistryAccess.bind(handlers, new DescribedHandler("runc") {
            @Override
            public void removeContainer(String containerId) {
                removedContainers.add(containerId);
            }
        }, "runc", true, 1);
    }

    @Test
    void aContainerMarkedAndNeverRecordedIsRemovedFromTheRuntimeAndTheImageStore() throws Exception {
        state.intents().begin("c1", "runc");

        assertEquals(1, containers.removeHalfMade());

        assertEquals(List.of("c1"), removedContainers);
        assertEquals(List.of("c1"), rootfs.removed);
        assertEquals(Map.of(), state.intents().begun());
        assertEquals(0, containers.removeHalfMade(), "once");
    }

    @Test
    void aContainerRecordedBeforeItsMarkWasDeletedIsKept() throws Exception {
        state.intents().begin("c1", "runc");
        state.addContainer(new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha", "sha", "runc", null, Map.of(),
                Map.of(), List.of(), Instant.now(), null, null, false));

        assertEquals(0, containers.removeHalfMade());

        assertEquals(List.of(), removedContainers);
        assertEquals(Map.of(), state.intents().begun(), "only the mark goes");
        assertEquals(true, state.container("c1").isPresent());
    }

    @Test
    void aContainerOfAHandlerThatIsAwayWaitsForIt() throws Exception {
        state.intents().begin("c1", "kata");

        assertEquals(0, containers.removeHalfMade());

        assertEquals(List.of(), removedContainers);
        assertEquals(Map.of("c1", "kata"), state.intents().begun());
    }
}
