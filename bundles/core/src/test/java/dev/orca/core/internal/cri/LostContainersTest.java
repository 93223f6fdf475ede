package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded container its handler no longer knows (the run root went with a reboot) is EXITED with a reason. */
class LostContainersTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:01Z");
    private static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

    private static ContainerRecord recorded(ContainerState last) {
        return new ContainerRecord("c1", "p1", "web", 0, "busybox", "sha256:1", "sha256:1", "runc", null, Map.of(),
                Map.of(), List.of(), CREATED, last, null, false);
    }

    @Test
    void aRunningContainerIsExitedAsLostSinceNowWithItsStartKept() {
        ContainerState lost = LostContainers.stateOf(recorded(new ContainerState("c1", Phase.RUNNING, 42, -1,
                CREATED, STARTED, null, "", "")), "container c1 not found in /run/orca/runtimes/runc/containers", NOW);
        assertEquals(Phase.EXITED, lost.phase());
        assertEquals(0, lost.pid());
        assertEquals(LostContainers.EXIT_CODE, lost.exitCode());
        assertEquals(STARTED, lost.startedAt());
        assertEquals(NOW, lost.finishedAt());
        assertEquals("ContainerLost", lost.reason());
        assertTrue(lost.message().contains("container c1 is no longer known to runtime handler 'runc'")
                && lost.message().contains("not found in /run/orca"), lost.message());
    }

    @Test
    void aContainerThatNeverStartedOrWasNeverSeenIsLostWithoutAStart() {
        assertEquals(null, LostContainers.stateOf(recorded(new ContainerState("c1", Phase.CREATED, 0, -1, CREATED,
                null, null, "", "")), "gone", NOW).startedAt());
        assertEquals(Phase.EXITED, LostContainers.stateOf(recorded(null), "gone", NOW).phase());
    }

    @Test
    void anExitRecordedBeforeStaysAsItWas() {
        ContainerState exited = new ContainerState("c1", Phase.EXITED, 0, 3, CREATED, STARTED, STARTED, "Error", "");
        assertSame(exited, LostContainers.stateOf(recorded(exited), "gone", NOW));
    }
}
