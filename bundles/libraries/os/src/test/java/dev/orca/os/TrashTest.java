package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrashTest {

    @TempDir
    Path tmp;

    private Path tree(String name, int files) throws IOException {
        Path deepest = Files.createDirectories(tmp.resolve(name).resolve("sub/deeper"));
        for (int i = 0; i < files; i++) {
            Files.writeString(deepest.resolve("f" + i), "x");
        }
        return tmp.resolve(name);
    }

    @Test
    void aDiscardedDirectoryLeavesItsNameAtOnceAndTheSweeperDeletesIt() throws Exception {
        try (Trash trash = new Trash(tmp.resolve("trash"), new Sweeper("test-sweeper", Duration.ofSeconds(5)))) {
            trash.open();
            Path target = tree("c1", 50);

            assertTrue(trash.discard(target, "c1"));

            assertFalse(Files.exists(target), "the name is free when discard returns");
            assertTrue(Waiting.until(() -> names(tmp.resolve("trash")).isEmpty(),
                    Duration.ofSeconds(10), Duration.ofMillis(5)), "swept: " + names(tmp.resolve("trash")));
        }
    }

    @Test
    void closingFinishesWhatIsQueuedAndADiscardAfterItDeletesBeforeItReturns() throws Exception {
        Trash trash = new Trash(tmp.resolve("trash"), new Sweeper("test-sweeper", Duration.ofSeconds(5)));
        trash.open();
        for (int i = 0; i < 20; i++) {
            trash.discard(tree("t" + i, 20), "t" + i);
        }

        trash.close();

        assertEquals(List.of(), names(tmp.resolve("trash")), "close waited for the queue");
        trash.discard(tree("after", 3), "after");
        assertEquals(List.of(), names(tmp.resolve("trash")), "a closed sweeper deletes on the caller's thread");
    }

    @Test
    void withoutASweeperTheDirectoryIsGoneWhenDiscardReturns() throws Exception {
        Trash trash = new Trash(tmp.resolve("trash"), null);
        trash.open();

        trash.discard(tree("c1", 5), "c1");

        assertEquals(List.of(), names(tmp.resolve("trash")));
        assertFalse(Files.exists(tmp.resolve("c1")));
    }

    @Test
    void nothingAtTheTargetIsNoDiscard() throws Exception {
        Trash trash = new Trash(tmp.resolve("trash"), null);
        trash.open();

        assertFalse(trash.discard(tmp.resolve("absent"), "absent"));
    }

    @Test
    void openingCreatesTheFolderAndDeletesWhatAnEarlierProcessLeftEachReleasedFirst() throws Exception {
        Path left = Files.createDirectories(tmp.resolve("trash/c1-left/merged"));
        Files.writeString(left.resolve("f"), "x");
        Files.writeString(tmp.resolve("trash/half-made"), "y");
        List<String> released = new ArrayList<>();
        Trash trash = new Trash(tmp.resolve("trash"), null);

        int deleted = trash.open(entry -> released.add(entry.getFileName().toString()));

        assertEquals(2, deleted);
        assertEquals(List.of("c1-left", "half-made"), released.stream().sorted().toList());
        assertEquals(List.of(), names(tmp.resolve("trash")));
        assertEquals(0, new Trash(tmp.resolve("fresh"), null).open(), "a folder that was not there is created");
        assertTrue(Files.isDirectory(tmp.resolve("fresh")));
    }

    @Test
    void aRenameThatFailsLeavesTheTargetWhereItWas() throws Exception {
        Trash trash = new Trash(tmp.resolve("never-opened"), null);
        Path target = tree("c1", 1);

        assertThrows(NoSuchFileException.class, () -> trash.discard(target, "c1"));

        assertTrue(Files.exists(target.resolve("sub/deeper/f0")));
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
