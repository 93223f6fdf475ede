package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {

    @Test
    void writesAnArchiveGnuTarReadsBackWithOwnersModesAndContent(@TempDir Path directory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(out)) {
            tar.directory("data", 0755);
            tar.opaqueMarker("data");
            tar.file("data/c.txt", 0640, "hello\n".getBytes(StandardCharsets.UTF_8));
            tar.whiteout("opt", "gone");
            tar.file("data/random.bin", 0644, 1000, new ByteArrayInputStream(new byte[1000]));
        }
        Path archive = Files.write(directory.resolve("layer.tar"), out.toByteArray());

        String listing = Command.of("tar", "--numeric-owner", "--utc", "-tvf", archive.toString()).run();
        assertEquals("""
                drwxr-xr-x 0/0               0 2024-01-01 00:00 data/
                -rw-r--r-- 0/0               0 2024-01-01 00:00 data/.wh..wh..opq
                -rw-r----- 0/0               6 2024-01-01 00:00 data/c.txt
                -rw-r--r-- 0/0               0 2024-01-01 00:00 opt/.wh.gone
                -rw-r--r-- 0/0            1000 2024-01-01 00:00 data/random.bin
                """, listing);
        assertEquals("hello\n", Command.of("tar", "-xOf", archive.toString(), "data/c.txt").run());
        assertEquals(List.of("data/", "data/.wh..wh..opq", "data/c.txt", "opt/.wh.gone", "data/random.bin"),
                TarEntries.of(out.toByteArray()).stream().map(TarEntries.Entry::name).toList());
    }
}
