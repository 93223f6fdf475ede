package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a container's end is known, with conmon and the runtime played by the test. */
class ContainerEndsTest {

    @TempDir
    Path runRoot;
    private ContainerLayout layout;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void layout() throws Exception {
        layout = new ContainerLayout(runRoot);
        Files.createDirectories(layout.bundle("c"));
        Files.createDirectories(layout.exitFile("c").getParent());
    }

    @Test
    void aConmonThatWritesTheFileAndEndsBetweenTheLooksIsNotTakenForALostOne() throws Exception {
        // the first read finds no file; conmon then writes it and ends before the daemon looks at conmon
        ContainerEnds ends = new ContainerEnds(layout, new ContainerEnds.Witnesses() {
            @Override
            public boolean monitorAlive(String id) {
                asked.add("monitor");
                write(layout.exitFile(id), "143");
                return false;
            }

            @Override
            public RuntimeStatus runtime(String id) {
                asked.add("runtime");
                return new RuntimeStatus("stopped", 0);
            }
        });

        ExitRecord exit = ends.end("c").orElseThrow();

        assertEquals(143, exit.exitCode());
        assertEquals(List.of("monitor"), asked, "the runtime is not asked when conmon said");
        assertFalse(Files.exists(layout.endWithoutMonitor("c")));
    }

    @Test
    void whileConmonLivesOnlyItsFileSays() throws Exception {
        ContainerEnds ends = new ContainerEnds(layout, witnesses(true, "stopped"));

        assertEquals(Optional.empty(), ends.end("c"));
        assertEquals(List.of("monitor"), asked);
    }

    @Test
    void aConmonGoneWithoutAFileLeavesTheRuntimeToSayAndTheEndIsNotedOnce() throws Exception {
        ContainerEnds ends = new ContainerEnds(layout, witnesses(false, "stopped"));

        ExitRecord exit = ends.end("c").orElseThrow();

        assertTrue(exit.monitorLost());
        assertEquals(List.of("monitor", "runtime"), asked);
        assertTrue(Files.exists(layout.endWithoutMonitor("c")));
        asked.clear();
        assertEquals(exit.at(), ends.end("c").orElseThrow().at());
        assertEquals(List.of(), asked, "noted: nothing is asked again");
    }

    @Test
    void aConmonGoneWhileTheRuntimeStillRunsTheContainerIsNoEnd() throws Exception {
        ContainerEnds ends = new ContainerEnds(layout, witnesses(false, "running"));

        assertEquals(Optional.empty(), ends.await("c", Duration.ofMillis(20)));
        assertFalse(Files.exists(layout.endWithoutMonitor("c")));
    }

    private ContainerEnds.Witnesses witnesses(boolean monitorAlive, String runtimeSays) {
        return new ContainerEnds.Witnesses() {
            @Override
            public boolean monitorAlive(String id) {
                asked.add("monitor");
                return monitorAlive;
            }

            @Override
            public RuntimeStatus runtime(String id) {
                asked.add("runtime");
                return new RuntimeStatus(runtimeSays, 0);
            }
        };
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
