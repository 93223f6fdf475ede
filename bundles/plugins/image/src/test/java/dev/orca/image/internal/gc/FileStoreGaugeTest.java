package dev.orca.image.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreGaugeTest {

    @TempDir
    Path dir;

    @Test
    void measuresTheFileSystemOfTheDirectoryEachTime() throws Exception {
        FileStoreGauge gauge = new FileStoreGauge(dir);
        FileSystemSpace first = gauge.measure();
        assertEquals(Files.getFileStore(dir).getTotalSpace(), first.sizeBytes());
        Files.write(dir.resolve("big"), new byte[8 << 20]);
        Files.newOutputStream(dir.resolve("big"), java.nio.file.StandardOpenOption.SYNC).close();
        assertTrue(gauge.measure().availableBytes() > 0);
        assertEquals(first.sizeBytes(), gauge.measure().sizeBytes());
    }

    @Test
    void aDirectoryThatWentAwayIsAnErrorAndIsFoundAgainWhenBack() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("images"));
        FileStoreGauge gauge = new FileStoreGauge(sub);
        gauge.measure();
        Files.delete(sub);
        assertThrows(IOException.class, gauge::measure);
        Files.createDirectory(sub);
        assertEquals(Files.getFileStore(sub).getTotalSpace(), gauge.measure().sizeBytes());
    }
}
