package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlobStreamTest {

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theReaderGetsTheBytesInOrderAndTheEndOnlyOnceTheDownloadEnded() throws Exception {
        BlobStream stream = new BlobStream(1024);
        ByteBuffer first = bytes("layer ");
        stream.write(first);
        stream.write(bytes("bytes"));

        assertFalse(first.hasRemaining(), "a write takes every byte it is given");
        assertEquals(11, stream.input().available());
        assertArrayEquals("layer bytes".getBytes(StandardCharsets.US_ASCII), stream.input().readNBytes(11));
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try {
                return stream.input().read();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(next.isDone(), "no end before the download ends");
        stream.end();
        assertEquals(-1, next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aFullStreamHoldsTheDownloadUntilTheReaderTookHalfOfIt() throws Exception {
        BlobStream stream = new BlobStream(8);
        AtomicInteger resumed = new AtomicInteger();
        stream.write(bytes("12345678"));

        assertFalse(stream.hasRoom(resumed::incrementAndGet));
        InputStream in = stream.input();
        in.readNBytes(3);
        assertEquals(0, resumed.get(), "five bytes still wait");
        in.readNBytes(1);
        assertEquals(1, resumed.get(), "half taken: the download goes on");
        assertTrue(stream.hasRoom(resumed::incrementAndGet));
    }

    @Test
    void aFailedDownloadFailsTheReadAfterTheBytesThatCameNamingTheCause() throws Exception {
        BlobStream stream = new BlobStream(1024);
        stream.write(bytes("part"));
        stream.fail(new IllegalStateException("registry 127.0.0.1:5000 closed the connection"));

        assertArrayEquals("part".getBytes(StandardCharsets.US_ASCII), stream.input().readNBytes(4));
        IOException failed = assertThrows(IOException.class, () -> stream.input().read(new byte[4], 0, 4));
        assertTrue(failed.getMessage().contains("closed the connection"), failed.getMessage());
    }

    @Test
    void aReaderThatClosesLetsTheDownloadRunOnAndDropsTheRest() throws Exception {
        BlobStream stream = new BlobStream(4);
        AtomicInteger resumed = new AtomicInteger();
        stream.write(bytes("1234"));
        assertFalse(stream.hasRoom(resumed::incrementAndGet));

        stream.input().close();

        assertEquals(1, resumed.get(), "the waiting download resumes");
        ByteBuffer more = bytes("5678");
        stream.write(more);
        assertFalse(more.hasRemaining());
        assertTrue(stream.hasRoom(resumed::incrementAndGet));
        assertThrows(IOException.class, () -> stream.input().read());
    }

    @Test
    void aReaderInterruptedWhileWaitingStops() throws Exception {
        BlobStream stream = new BlobStream(4);
        Thread reader = Thread.currentThread();
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // the test ends anyway
            }
            reader.interrupt();
        });
        assertThrows(java.io.InterruptedIOException.class, () -> stream.input().read());
        assertTrue(Thread.interrupted());
    }
}
