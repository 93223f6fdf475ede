package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real mount(2) and umount2(2), as root, with a tmpfs. */
class LinuxMountsTest {

    @TempDir
    Path dir;

    final Mounts mounts = Linux.mounts();

    @BeforeEach
    void root() {
        assumeTrue(RootOnly.isRoot(), "needs root");
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        for (Path point : mounts.mountPointsUnder(dir)) {
            mounts.unmount(point, MountFlags.MNT_DETACH);
        }
    }

    @Test
    void mountsAndUnmountsATmpfs() throws IOException {
        Path target = Files.createDirectory(dir.resolve("mnt with space"));

        mounts.mount("tmpfs", target, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "size=1m,mode=0755");

        assertTrue(mounts.isMountPoint(target));
        assertEquals(List.of(target.toRealPath()), mounts.mountPointsUnder(dir));
        Files.writeString(target.resolve("f"), "x");
        mounts.unmount(target, 0);
        assertFalse(mounts.isMountPoint(target));
        assertFalse(Files.exists(target.resolve("f")));
    }

    @Test
    void unmountingWhatIsNotMountedNamesThePath() throws IOException {
        Path target = Files.createDirectory(dir.resolve("plain"));

        SystemCallException e = assertThrows(SystemCallException.class, () -> mounts.unmount(target, 0));

        assertEquals(SystemCallException.EINVAL, e.errno());
        assertEquals("umount2(" + target + ", flags=0): Invalid argument (errno 22)", e.getMessage());
    }

    @Test
    void aRefusedMountNamesTheCallAndItsData() throws IOException {
        Path target = Files.createDirectory(dir.resolve("m"));

        SystemCallException e = assertThrows(SystemCallException.class,
                () -> mounts.mount("overlay", target, "overlay", 0, "lowerdir=" + dir.resolve("absent")));

        assertTrue(e.getMessage().startsWith("mount(overlay, " + target + ", overlay, flags=0x0, data=\"lowerdir="),
                e.getMessage());
        assertFalse(mounts.isMountPoint(target));
    }
}
