package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void deletesATreeWithoutFollowingLinks() throws IOException {
        Path kept = Files.writeString(tmp.resolve("kept"), "k");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "f");
        Files.createSymbolicLink(tree.resolve("link"), kept);
        Files.createSymbolicLink(tree.resolve("dirlink"), tmp);

        FileTrees.delete(tmp.resolve("tree"));
        FileTrees.delete(tmp.resolve("tree"));

        assertFalse(Files.exists(tmp.resolve("tree")));
        assertEquals("k", Files.readString(kept));
    }

    @Test
    void deletesAFileOrALinkAlone() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path file = Files.writeString(target.resolve("f"), "f");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        FileTrees.delete(link);

        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(file));
        FileTrees.delete(file);
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesToDeleteIntoAMountedFilesystem() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Path mounted = Files.createDirectories(tmp.resolve("tree/mnt"));
        Linux.mounts().mount("tmpfs", mounted, "tmpfs", 0, "size=1m");
        try {
            Files.write(mounted.resolve("precious"), new byte[4096]);

            IOException e = assertThrows(IOException.class, () -> FileTrees.delete(tmp.resolve("tree")));

            assertTrue(e.getMessage().contains("another filesystem is mounted on " + mounted), e.getMessage());
            assertTrue(Files.exists(mounted.resolve("precious")));
        } finally {
            Linux.mounts().unmount(mounted, MountFlags.MNT_DETACH);
        }
    }
}
