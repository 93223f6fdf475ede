package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real l*xattr calls, as root, on the temporary directory's filesystem. */
class LinuxExtendedAttributesTest {

    @TempDir
    Path dir;

    final ExtendedAttributes xattrs = Linux.extendedAttributes();

    @BeforeEach
    void root() {
        assumeTrue(RootOnly.isRoot(), "needs root");
    }

    @Test
    void setsGetsListsAndRemovesBinaryValues() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        xattrs.set(file, "trusted.test", capability);
        xattrs.set(file, "user.empty", new byte[0]);

        assertArrayEquals(capability, xattrs.get(file, "trusted.test").orElseThrow());
        assertArrayEquals(new byte[0], xattrs.get(file, "user.empty").orElseThrow());
        assertTrue(xattrs.list(file).containsAll(java.util.List.of("trusted.test", "user.empty")));
        xattrs.remove(file, "trusted.test");
        assertEquals(Optional.empty(), xattrs.get(file, "trusted.test"));
        xattrs.remove(file, "trusted.test"); // absent: nothing happens
    }

    @Test
    void actsOnASymbolicLinkItselfNotItsTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        xattrs.set(link, "trusted.overlay.opaque", "y".getBytes());

        assertArrayEquals("y".getBytes(), xattrs.get(link, "trusted.overlay.opaque").orElseThrow());
        assertEquals(Optional.empty(), xattrs.get(target, "trusted.overlay.opaque"));
    }

    @Test
    void aFailureNamesTheCallThePathAndTheError() {
        Path missing = dir.resolve("missing");

        SystemCallException e = assertThrows(SystemCallException.class,
                () -> xattrs.set(missing, "user.x", new byte[] {1}));

        assertEquals(SystemCallException.ENOENT, e.errno());
        assertEquals("lsetxattr(" + missing + ", user.x): No such file or directory (errno 2)", e.getMessage());
    }
}
