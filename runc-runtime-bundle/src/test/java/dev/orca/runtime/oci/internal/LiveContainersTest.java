package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ContainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveContainersTest {

    @TempDir
    Path dir;

    private final LiveContainers live = new LiveContainers();
    private Process monitor;
    private Process process;
    private final ContainerState running = new ContainerState("c1", ContainerState.Phase.RUNNING, 42, -1,
            Instant.EPOCH, Instant.EPOCH, null, "", "");

    @BeforeEach
    void processes() throws Exception {
        monitor = new ProcessBuilder("sleep", "60").start();
        process = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void end() throws Exception {
        monitor.destroyForcibly().waitFor();
        process.destroyForcibly().waitFor();
    }

    private void sawRunning() {
        live.sawRunning("c1", new LiveContainers.Seen(running, monitor.toHandle(), process.toHandle(),
                dir.resolve("c1.exit")));
    }

    @Test
    void aContainerNeverSeenIsLeftToTheFiles() {
        assertEquals(Optional.empty(), live.stillRunning("c1"));
    }

    @Test
    void aContainerWhoseProcessAndMonitorLiveAndWhoseExitFileIsAbsentStillRuns() {
        sawRunning();
        assertEquals(Optional.of(running), live.stillRunning("c1"));
        assertEquals(Optional.of(running), live.stillRunning("c1"));
    }

    @Test
    void anExitFileEndsTheShortcutForGood() throws Exception {
        sawRunning();
        Files.writeString(dir.resolve("c1.exit"), "0");
        assertEquals(Optional.empty(), live.stillRunning("c1"));
        Files.delete(dir.resolve("c1.exit"));
        assertEquals(Optional.empty(), live.stillRunning("c1"), "dropped, not only skipped");
    }

    @Test
    void aProcessThatEndedEndsTheShortcut() throws Exception {
        sawRunning();
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), live.stillRunning("c1"));
    }

    @Test
    void aMonitorThatEndedEndsTheShortcut() throws Exception {
        sawRunning();
        monitor.destroyForcibly();
        assertTrue(monitor.waitFor(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), live.stillRunning("c1"), "without its monitor, a zombie would look alive");
    }

    @Test
    void theProcessToSignalIsKnownOnlyWhileTheContainerStillRuns() throws Exception {
        assertEquals(Optional.empty(), live.process("c1"));
        sawRunning();
        assertEquals(Optional.of(process.toHandle()), live.process("c1"));
        Files.writeString(dir.resolve("c1.exit"), "0");
        assertEquals(Optional.empty(), live.process("c1"), "an ended container's pid may be another's by now");
    }

    @Test
    void aForgottenContainerIsLeftToTheFiles() {
        sawRunning();
        live.forget("c1");
        assertEquals(Optional.empty(), live.stillRunning("c1"));
    }
}
