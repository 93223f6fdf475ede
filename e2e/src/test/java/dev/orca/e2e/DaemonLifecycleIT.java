package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.testkit.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /**
     * RemoveContainer renames the bundle and the root filesystem out of sight and a thread deletes them after the
     * reply; what a kill -9 left there before that thread was done goes at the next start.
     */
    @Test
    void whatAKilledDaemonLeftToDeleteGoesAtTheNextStart() throws Exception {
        try (BusyboxNode node = BusyboxNode.start(dir, "lifecycle/busybox:1")) {
            String handler = node.orca.defaultHandler().orElseThrow();
            node.orca.kill9();
            Path trash = node.orca.root().getParent().resolve("run/runtimes/" + handler + "/deleting");
            Files.writeString(Files.createDirectories(trash.resolve("c1-left")).resolve("config.json"), "{}");
            Path staged = node.orca.root().resolve("storage/overlay/staging/deleting-left/upper/etc");
            Files.writeString(Files.createDirectories(staged).resolve("written"), "by the container");

            node.orca.start();
            node.pods.awaitDefaultHandler();

            assertEquals(List.of(), list(trash));
            assertEquals(List.of(), list(node.orca.root().resolve("storage/overlay/staging")));
            assertTrue(node.orca.log().contains("runtime handler \"" + handler + "\": deleted 1 removed bundles an "
                    + "earlier daemon left in " + trash), node.orca.log());
        }
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    /**
     * The overlay driver mounts a probe in staging while it starts; a kill -9 then leaves it mounted, which once kept
     * the driver from ever activating again (its directory could not be deleted).
     */
    @Test
    void anOverlayAKilledDaemonLeftMountedInStagingIsTakenOffAndTheNextStartRunsContainers() throws Exception {
        try (BusyboxNode node = BusyboxNode.start(dir, "lifecycle/busybox:1")) {
            node.orca.kill9();
            Path left = node.orca.root().resolve("storage/overlay/staging/probe-left");
            for (String part : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectories(left.resolve(part));
            }
            Process mount = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + left.resolve(
                    "lower") + ",upperdir=" + left.resolve("upper") + ",workdir=" + left.resolve("work"),
                    left.resolve("merged").toString()).inheritIO().start();
            assertEquals(0, mount.waitFor());
            assertEquals(List.of(left.resolve("merged").toString()), MountTable.pointsUnder(left));

            node.orca.start();
            node.pods.awaitDefaultHandler();

            assertTrue(node.orca.log().contains("deleting " + left + ", left by an interrupted operation"),
                    node.orca.log());
            assertTrue(node.orca.log().contains("overlay storage in " + node.orca.root().resolve("storage/overlay")
                    + " (1 leftovers of interrupted operations deleted)"), node.orca.log());
            assertEquals(List.of(), MountTable.pointsUnder(left));
            assertFalse(Files.exists(left));
            PodSandboxConfig config = node.pods.pod("after-kill", Map.of());
            String podId = node.pods.run(config);
            String id = node.pods.createAndStart(podId, config,
                    node.pods.container("app", "app/0.log", "/bin/sh", "-c", "exec sleep 60"));
            assertEquals("on overlay\n", node.pods.output(id, "echo", "on", "overlay"));
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
