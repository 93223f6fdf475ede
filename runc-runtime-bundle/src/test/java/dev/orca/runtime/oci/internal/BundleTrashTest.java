package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTrashTest {

    @TempDir
    Path runRoot;

    private Path bundle(String id) throws IOException {
        Path bundle = Files.createDirectories(runRoot.resolve("containers").resolve(id));
        Files.writeString(bundle.resolve("config.json"), "{}");
        Files.writeString(bundle.resolve("conmon.pid"), "42");
        Files.createDirectories(bundle.resolve("rootfs"));
        return bundle;
    }

    @Test
    void aDiscardedBundleLeavesItsNameAtOnceAndIsDeletedSoonAfter() throws Exception {
        try (BundleTrash trash = BundleTrash.open(runRoot.resolve("deleting"), "runc")) {
            Path bundle = bundle("c1");

            trash.discard(bundle);

            assertFalse(Files.exists(bundle));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!names(runRoot.resolve("deleting")).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of(), names(runRoot.resolve("deleting")));
        }
    }

    @Test
    void closingFinishesTheDeletions() throws Exception {
        BundleTrash trash = BundleTrash.open(runRoot.resolve("deleting"), "runc");
        for (int i = 0; i < 30; i++) {
            trash.discard(bundle("c" + i));
        }

        trash.close();

        assertEquals(List.of(), names(runRoot.resolve("deleting")));
        assertEquals(List.of(), names(runRoot.resolve("containers")));
    }

    @Test
    void whatAKilledDaemonLeftIsDeletedWhenTheHandlerStarts() throws Exception {
        Path left = Files.createDirectories(runRoot.resolve("deleting/c1-left/rootfs"));
        Files.writeString(left.resolve("f"), "x");

        try (BundleTrash trash = BundleTrash.open(runRoot.resolve("deleting"), "runc")) {
            assertEquals(List.of(), names(runRoot.resolve("deleting")));
            trash.discard(runRoot.resolve("containers/absent"));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
