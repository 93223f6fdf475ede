package dev.orca.runtime.crio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableSearchTest {

    @TempDir
    Path dir;

    private Path file(String relative, String mode) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void theFirstExecutableOfThatNameInPathOrderIsFound() throws Exception {
        file("a/crun", "rw-r--r--");
        Path second = file("b/crun", "rwxr-xr-x");
        file("c/crun", "rwxr-xr-x");
        String path = dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c");

        assertEquals(Optional.of(second), ExecutableSearch.inPath(path).find("crun"));
        assertEquals(Optional.empty(), ExecutableSearch.inPath(path).find("runsc"));
    }

    @Test
    void relativeAndEmptyEntriesAndNamesWithSlashesAreNotSearched() throws Exception {
        file("crun", "rwxr-xr-x");

        assertEquals(Optional.empty(), ExecutableSearch.inPath("::.:" + dir.getFileName()).find("crun"));
        assertEquals(Optional.empty(), ExecutableSearch.inPath(dir.toString()).find("../crun"));
    }
}
