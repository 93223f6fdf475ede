package dev.orca.layers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a store's staging directory holds, for tests that check what a removal leaves there. */
public final class StagingLeftovers {

    /** The removed layers and root filesystems are renamed at once and deleted by the store's sweeper soon after. */
    private static final long SWEEP_WAIT_MS = 10_000;

    private StagingLeftovers() {
    }

    /** Asserts that {@code staging} is empty, or becomes empty within ten seconds as the sweeper deletes. */
    public static void assertSwept(Path staging) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + SWEEP_WAIT_MS;
        List<String> left = names(staging);
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
            left = names(staging);
        }
        assertEquals(List.of(), left, "left in " + staging);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
