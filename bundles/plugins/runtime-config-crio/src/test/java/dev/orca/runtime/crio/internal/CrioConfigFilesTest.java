package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrioConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void theMainFileFirstThenTheDropInsInLexicalOrderOnlyConfFiles() throws Exception {
        Path main = Files.writeString(dir.resolve("crio.conf"), "# main\n");
        Path dropIns = Files.createDirectories(dir.resolve("crio.conf.d"));
        Files.writeString(dropIns.resolve("20-b.conf"), "# b\n");
        Files.writeString(dropIns.resolve("10-a.conf"), "# a\n");
        Files.writeString(dropIns.resolve("10-a.conf~"), "# editor backup\n");
        Files.writeString(dropIns.resolve(".30-c.conf.swp"), "# swap\n");
        Files.createDirectories(dropIns.resolve("99-dir.conf"));

        List<ConfigText> texts = new CrioConfigFiles(main, dropIns).read();

        assertEquals(List.of(main, dropIns.resolve("10-a.conf"), dropIns.resolve("20-b.conf")),
                texts.stream().map(ConfigText::file).toList());
        assertEquals("# a\n", texts.get(1).text());
    }

    @Test
    void neitherFileNorDirectoryNeedExist() {
        assertEquals(List.of(), new CrioConfigFiles(dir.resolve("crio.conf"), dir.resolve("crio.conf.d")).read());
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws Exception {
        Path main = Files.write(dir.resolve("crio.conf"), new byte[] {'#', ' ', (byte) 0xff, '\n'});

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new CrioConfigFiles(main, dir.resolve("crio.conf.d")).read());
        assertEquals(main + " is not UTF-8 text, as TOML must be", e.getMessage());
    }
}
