package dev.orca.core.internal.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container records on disk: whole files only, and a removed container stays removed. */
class NodeStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;

    private static ContainerRecord container(Phase phase) {
        return new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha256:1", "sha256:1", "runc", null, Map.of(),
                Map.of(), List.of(), T0, new ContainerState("c1", phase, 0, -1, T0, null, null, "", ""), null, false);
    }

    @Test
    void aStateNoticedAfterTheContainerWasRemovedDoesNotBringItsRecordBack() throws IOException {
        NodeState state = new NodeState(root);
        state.addContainer(container(Phase.RUNNING));
        state.removeContainer("c1");
        assertTrue(state.updateContainer("c1", c -> container(Phase.EXITED)).isEmpty());
        assertTrue(state.container("c1").isEmpty());
        assertFalse(Files.exists(root.resolve("containers/c1.json")));
    }

    @Test
    void anUpdateReplacesTheRecordWholeAndSurvivesARestart() throws IOException {
        NodeState state = new NodeState(root);
        state.addContainer(container(Phase.RUNNING));
        assertTrue(state.updateContainer("c1", c -> container(Phase.EXITED)).isPresent());
        assertEquals(Phase.EXITED, new NodeState(root).container("c1").orElseThrow().lastState().phase());
        try (Stream<Path> files = Files.list(root.resolve("containers"))) {
            assertEquals(List.of(root.resolve("containers/c1.json")), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aTemporaryRecordACrashLeftIsDeletedAtStartAndTheWholeRecordKept() throws IOException {
        NodeState state = new NodeState(root);
        state.addContainer(container(Phase.RUNNING));
        Files.writeString(root.resolve("containers/c1.json.tmp"), "{\"id\": \"c1\", \"podI");
        NodeState restarted = new NodeState(root);
        assertEquals(Phase.RUNNING, restarted.container("c1").orElseThrow().lastState().phase());
        assertFalse(Files.exists(root.resolve("containers/c1.json.tmp")));
    }
}
