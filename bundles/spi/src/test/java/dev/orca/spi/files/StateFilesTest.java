package dev.orca.spi.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsWrittenAndAnOldOneReplacedWithNothingLeftBeside() throws IOException {
        Path file = dir.resolve("pod.json");
        StateFiles.replace(file, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"v\":1}", Files.readString(file));
        StateFiles.replace(file, out -> out.write("{\"v\":2}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"v\":2}", Files.readString(file));
        assertEquals(List.of(file), entries());
    }

    @Test
    void anUnflushedReplacementIsAsWholeAndLeavesNothingBeside() throws IOException {
        Path file = dir.resolve("times.json");
        Files.writeString(StateFiles.temporaryOf(file), "a longer leftover of a killed daemon");
        StateFiles.replaceUnflushed(file, "{\"created\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"created\":1}", Files.readString(file));
        StateFiles.replaceUnflushed(file, "{\"started\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"started\":2}", Files.readString(file));
        assertEquals(List.of(file), entries());
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("record.json");
        StateFiles.replace(file, "old and whole".getBytes(StandardCharsets.UTF_8));
        IOException full = assertThrows(IOException.class, () -> StateFiles.replace(file, out -> {
            out.write("new but ".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", full.getMessage());
        assertEquals("old and whole", Files.readString(file));
        assertEquals(List.of(file), entries());
    }

    @Test
    void aCallerFailureMidwayLeavesNoNewFile() {
        Path file = dir.resolve("never.json");
        assertThrows(IllegalStateException.class, () -> StateFiles.replace(file, out -> {
            out.write('{');
            throw new IllegalStateException("serialisation failed");
        }));
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(StateFiles.temporaryOf(file)));
    }

    @Test
    void aTemporaryFileLeftByACrashIsOverwrittenNotAppendedTo() throws IOException {
        Path file = dir.resolve("catalog.json");
        Files.writeString(StateFiles.temporaryOf(file), "a much longer half-written leftover of a crash");
        StateFiles.replace(file, "short".getBytes(StandardCharsets.UTF_8));
        assertEquals("short", Files.readString(file));
        assertEquals(List.of(file), entries());
    }

    @Test
    void contentThatClosesItsStreamAsJacksonDoesIsStillFlushedAndKept() throws IOException {
        Path file = dir.resolve("times.json");
        StateFiles.replace(file, out -> {
            out.write("closed early".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        assertEquals("closed early", Files.readString(file));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
