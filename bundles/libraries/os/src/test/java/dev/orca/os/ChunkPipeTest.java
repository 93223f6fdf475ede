package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    @Test
    void aReaderGetsWhatWasFedInOrderThenEndOfFile() throws Exception {
        ChunkPipe pipe = new ChunkPipe();
        byte[] first = "hello, ".getBytes(StandardCharsets.UTF_8);
        pipe.feed(first, 0, first.length);
        first[0] = 'X'; // fed as a copy
        pipe.feed("world".getBytes(StandardCharsets.UTF_8));
        pipe.feed(new byte[0]);
        pipe.end();
        assertArrayEquals("hello, world".getBytes(StandardCharsets.UTF_8), pipe.readAllBytes());
        assertEquals(-1, pipe.read());
    }

    @Test
    void aReaderWaitsForAnotherThreadToFeed() throws Exception {
        ChunkPipe pipe = new ChunkPipe();
        Thread feeder = new Thread(() -> {
            pipe.feed(new byte[] {42});
            pipe.end();
        });
        feeder.start();
        assertEquals(42, pipe.read());
        assertEquals(-1, pipe.read());
        feeder.join();
    }
}
