package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points under a directory, deepest first, and their lazy unmount, with real tmpfs mounts. */
class MountTableTest {

    @Test
    void findsStackedAndNestedMountsDeepestFirstAndTakesThemAllOff(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path outer = Files.createDirectories(dir.resolve("a"));
        mountTmpfs(outer);
        Path inner = Files.createDirectories(outer.resolve("b"));
        mountTmpfs(inner);
        Files.createDirectories(dir.resolve("a-sibling"));
        try {
            assertEquals(List.of(inner.toString(), outer.toString()), MountTable.pointsUnder(dir));
            assertEquals(List.of(), MountTable.pointsUnder(dir.resolve("a-sibling")), "a prefix is not a parent");
        } finally {
            MountTable.unmountUnder(dir);
        }
        assertEquals(List.of(), MountTable.pointsUnder(dir));
    }

    private static void mountTmpfs(Path at) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", at.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor());
    }
}
