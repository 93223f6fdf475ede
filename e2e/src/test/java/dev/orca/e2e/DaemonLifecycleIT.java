package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.VersionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per socket and state root; a killed daemon leaves nothing that blocks the next start. */
class DaemonLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void aSecondDaemonOnTheSameSocketIsRefusedAndTheFirstKeepsServing() throws Exception {
        try (OrcaDaemon first = new OrcaDaemon(dir).start()) {
            Path output = dir.resolve("second.log");
            // Another state root, so that only the socket is shared.
            Process second = first.launch(List.of("--root", dir.resolve("root2").toString(),
                    "--socket", first.socket().toString()), output);

            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            assertTrue(Files.readString(output).contains("another process is already serving on " + first.socket()),
                    Files.readString(output));
            assertEquals("orca", first.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName());
        }
    }

    @Test
    void aSecondDaemonOnTheSameStateRootIsRefused() throws Exception {
        try (OrcaDaemon first = new OrcaDaemon(dir).start()) {
            Path output = dir.resolve("second.log");
            Process second = first.launch(List.of("--root", dir.resolve("root").toString(),
                    "--socket", dir.resolve("other.sock").toString()), output);

            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            String said = Files.readString(output);
            assertTrue(said.contains("another Orca (pid " + first.process().pid() + ") is running"), said);
        }
    }

    @Test
    void afterKill9ANewStartReplacesTheStaleSocket() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir).start()) {
            orca.kill9();
            assertTrue(Files.exists(orca.socket()), "kill -9 leaves the socket file behind");

            orca.start();

            assertEquals("orca", orca.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName());
        }
    }

    @Test
    void sigtermStopsCleanlyAndRemovesTheSocket() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir).start()) {
            int exit = orca.terminate();

            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
            assertFalse(Files.exists(orca.socket()));
            assertTrue(orca.log().contains("stopped serving the CRI"), orca.log());
        }
    }
}
