package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real utimensat(2): on a fifo (which the JDK would open, and block on) and on a symbolic link itself. */
class LinuxFileTimesTest {

    static final FileTime ACCESS = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
    static final FileTime MODIFIED = FileTime.from(Instant.parse("2002-03-04T05:06:07.987654321Z"));

    @TempDir
    Path dir;

    final FileTimes times = Linux.fileTimes();

    @BeforeEach
    void root() {
        assumeTrue(RootOnly.isRoot(), "needs root");
    }

    @Test
    @Timeout(10)
    void setsTheTimesOfAFifoWithoutOpeningIt() throws IOException {
        Path fifo = dir.resolve("fifo");
        Linux.deviceNodes().mknod(fifo, NodeType.FIFO, 0600, DeviceNumber.NONE);

        times.set(fifo, ACCESS, MODIFIED);

        assertEquals(MODIFIED, Files.getLastModifiedTime(fifo, LinkOption.NOFOLLOW_LINKS));
        assertEquals(ACCESS, Files.getAttribute(fifo, "lastAccessTime", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void setsTheTimesOfASymbolicLinkNotItsTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        FileTime before = Files.getLastModifiedTime(target);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        times.set(link, ACCESS, MODIFIED);

        assertEquals(MODIFIED, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(before, Files.getLastModifiedTime(target));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing");
        SystemCallException e = assertThrows(SystemCallException.class, () -> times.set(missing, ACCESS, MODIFIED));
        assertEquals(SystemCallException.ENOENT, e.errno());
    }
}
