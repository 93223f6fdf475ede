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

    @Test
    void unmountAllTakesStackedMountsOffAndDetachesABusyOne() throws IOException {
        Path target = Files.createDirectory(dir.resolve("stacked"));
        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");

        try (var open = java.nio.channels.FileChannel.open(target.resolve("held"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.util.List<Path> detached = new java.util.ArrayList<>();
            assertEquals(2, mounts.unmountAll(target, 0, 8, detached::add));
            assertFalse(mounts.isMountPoint(target));
            assertEquals(java.util.List.of(target), detached, "the busy top mount is said before it is detached");
        }
        assertEquals(0, mounts.unmountAll(target, 0, 8));
        assertEquals(0, mounts.unmountAll(dir.resolve("absent"), MountFlags.UMOUNT_NOFOLLOW, 8));
    }

    @Test
    void unmountAloneTakesASingleMountOffAndLeavesEverythingElseToTheCaller() throws IOException {
        Path target = Files.createDirectory(dir.resolve("alone"));
        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        assertTrue(mounts.unmountAlone(target, 0), "one mount, nothing else");
        assertFalse(mounts.isMountPoint(target));
        assertFalse(mounts.unmountAlone(target, 0), "nothing mounted");

        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        Path below = Files.createDirectory(target.resolve("below"));
        mounts.mount("tmpfs", below, "tmpfs", 0, "size=1m");
        assertFalse(mounts.unmountAlone(target, 0), "a mount below it: EBUSY");
        assertTrue(mounts.isMountPoint(below), "nothing was taken off");
        mounts.unmount(below, 0);
        mounts.unmount(target, 0);

        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        assertFalse(mounts.unmountAlone(target, 0), "stacked: a second came off and a third is left");
        assertEquals(1, mounts.unmountAll(target, 0, 8));
        assertFalse(mounts.unmountAlone(dir.resolve("absent"), MountFlags.UMOUNT_NOFOLLOW));
    }

    @Test
    void unmountAllNamesAPointWithMoreMountsThanItMayTake() throws IOException {
        Path target = Files.createDirectory(dir.resolve("deep"));
        for (int i = 0; i < 3; i++) {
            mounts.mount("tmpfs", target, "tmpfs", 0, "size=1m");
        }

        IOException e = assertThrows(IOException.class, () -> mounts.unmountAll(target, 0, 2));

        assertEquals(target + " still has mounts on it after 2 were taken off", e.getMessage());
        assertEquals(1, mounts.unmountAll(target, 0, 2));
    }
}
