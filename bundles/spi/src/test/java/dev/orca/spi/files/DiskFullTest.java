package dev.orca.spi.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class DiskFullTest {

    @Test
    void enospcIsFoundInCausesSuppressedFailuresAndFileSystemReasons() {
        assertTrue(DiskFull.among(new IllegalStateException("layer x: cannot store",
                new IOException("No space left on device"))));
        assertTrue(DiskFull.among(new FileSystemException("/a/b", null, "No space left on device")));
        assertTrue(DiskFull.among(new UncheckedIOException(new IOException("Disk quota exceeded"))));
        IOException cleanup = new IOException("cannot delete");
        cleanup.addSuppressed(new IOException("No space left on device"));
        assertTrue(DiskFull.among(new IOException("x", cleanup)));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DiskFull.among(new IOException("Connection reset")));
        assertFalse(DiskFull.among(new FileSystemException("/a", null, "Permission denied")));
        assertFalse(DiskFull.among(null));
    }
}
