package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real mknod(2), as root. */
class LinuxDeviceNodesTest {

    @TempDir
    Path dir;

    final DeviceNodes nodes = Linux.deviceNodes();

    @BeforeEach
    void root() {
        assumeTrue(RootOnly.isRoot(), "needs root");
    }

    @Test
    void makesACharacterDeviceWithItsNumber() throws IOException {
        Path node = dir.resolve("null");

        nodes.mknod(node, NodeType.CHARACTER_DEVICE, 0644, new DeviceNumber(1, 3));

        int mode = (Integer) Files.getAttribute(node, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(NodeType.CHARACTER_DEVICE, NodeType.ofMode(mode).orElseThrow());
        assertEquals(new DeviceNumber(1, 3),
                DeviceNumber.decode((Long) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    void makesABlockDeviceWithALargeNumber() throws IOException {
        Path node = dir.resolve("blk");

        nodes.mknod(node, NodeType.BLOCK_DEVICE, 0600, new DeviceNumber(259, 70000));

        assertEquals(new DeviceNumber(259, 70000),
                DeviceNumber.decode((Long) Files.getAttribute(node, "unix:rdev", LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    void makesAFifo() throws IOException {
        Path fifo = dir.resolve("fifo");

        nodes.mknod(fifo, NodeType.FIFO, 0600, DeviceNumber.NONE);

        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther());
    }

    @Test
    void refusesAnExistingPathNamingIt() throws IOException {
        Path file = Files.createFile(dir.resolve("taken"));

        SystemCallException e = assertThrows(SystemCallException.class,
                () -> nodes.mknod(file, NodeType.FIFO, 0600, DeviceNumber.NONE));

        assertEquals(SystemCallException.EEXIST, e.errno());
        assertTrue(e.getMessage().startsWith("mknod(" + file + ", FIFO"), e.getMessage());
        assertTrue(e.getMessage().endsWith("File exists (errno 17)"), e.getMessage());
    }
}
