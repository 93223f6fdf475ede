package dev.orca.layers.store;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orca.layers.testing.StagingLeftovers;
import dev.orca.os.Sweeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staging area trashes through its {@link dev.orca.os.Trash}; {@code TrashTest} covers the sweeper's close. */
class StagingAreaSweepTest {

    @TempDir
    Path dir;

    private Path tree(String name, int files) throws IOException {
        Path top = Files.createDirectories(dir.resolve(name).resolve("sub/deeper"));
        for (int i = 0; i < files; i++) {
            Files.writeString(top.resolve("f" + i), "x");
        }
        return dir.resolve(name);
    }

    @Test
    void aTrashedDirectoryLeavesItsNameAtOnceAndStagingOnceSwept() throws Exception {
        StagingArea staging = new StagingArea(dir.resolve("staging"), new Sweeper("test-sweeper", Duration.ofSeconds(5)));
        staging.open();
        Path container = tree("containers-c1", 50);

        staging.trash(container);

        assertFalse(Files.exists(container), "the name is free when trash returns");
        StagingLeftovers.assertSwept(dir.resolve("staging"));
    }
}
