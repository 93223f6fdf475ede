package dev.orca.layers.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orca.layers.testing.StagingLeftovers;
import dev.orca.os.Sweeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void closingFinishesWhatIsQueuedAndLaterTrashIsDeletedBeforeItReturns() throws Exception {
        Sweeper sweeper = new Sweeper("test-sweeper", Duration.ofSeconds(5));
        StagingArea staging = new StagingArea(dir.resolve("staging"), sweeper);
        staging.open();
        for (int i = 0; i < 20; i++) {
            staging.trash(tree("t" + i, 20));
        }

        sweeper.close();

        assertEquals(List.of(), names(dir.resolve("staging")), "close waited for the queue");
        staging.trash(tree("after", 3));
        assertEquals(List.of(), names(dir.resolve("staging")), "a closed sweeper deletes on the caller's thread");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
