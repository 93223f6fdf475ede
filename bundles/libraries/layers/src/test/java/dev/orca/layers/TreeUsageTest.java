package dev.orca.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.os.Linux;
import dev.orca.os.MountFlags;
import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeUsageTest {

    @TempDir
    Path tmp;

    @Test
    void countsEachInodeOnce() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createLink(dir.resolve("b"), dir.resolve("a"));

        StorageUsage usage = TreeUsage.of(dir);

        assertEquals(2, usage.inodesUsed(), "the directory and one inode for a and b");
        assertEquals(Files.size(dir) + 1000, usage.usedBytes(), "apparent sizes, a and b once");
        assertEquals(0, TreeUsage.of(tmp.resolve("absent")).inodesUsed());
    }

    @Test
    void leavesAMountedFilesystemOut() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Path mounted = Files.createDirectories(tmp.resolve("tree/mnt"));
        Linux.mounts().mount("tmpfs", mounted, "tmpfs", 0, "size=1m");
        try {
            Files.write(mounted.resolve("precious"), new byte[4096]);

            assertEquals(1, TreeUsage.of(tmp.resolve("tree")).inodesUsed(), "tree alone; the tmpfs is left out");
        } finally {
            Linux.mounts().unmount(mounted, MountFlags.MNT_DETACH);
        }
    }
}
