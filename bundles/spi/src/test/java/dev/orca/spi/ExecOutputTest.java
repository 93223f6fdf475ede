package dev.orca.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One budget for stdout and stderr together, the marker included; the rest drained and dropped. */
class ExecOutputTest {

    @Test
    void aSmallOutputIsKeptWholeInASmallChunk() {
        ExecOutput output = new ExecOutput(1 << 20);
        ExecOutput.drain(new ByteArrayInputStream("hi\n".getBytes()), output.stdout());
        ExecOutput.drain(new ByteArrayInputStream("oops".getBytes()), output.stderr());
        ExecResult result = output.result(0);
        assertArrayEquals("hi\n".getBytes(), result.stdout());
        assertArrayEquals("oops".getBytes(), result.stderr());
        assertEquals(0, result.exitCode());
        assertFalse(result.truncated());
        assertEquals(1, result.stdoutChunks().size());
        assertTrue(result.stdoutChunks().get(0).capacity() <= ExecOutput.FIRST_CHUNK);
    }

    @Test
    void aFloodOnBothStreamsIsCutToTheBudgetWithTheMarkerAndAFailingExitCode() {
        int budget = 3 * ExecOutput.MAX_CHUNK + 12345;
        ExecOutput output = new ExecOutput(budget);
        ExecOutput.drain(endless((byte) 'o', 100_000_000L), output.stdout());
        ExecOutput.drain(endless((byte) 'e', 1_000_000L), output.stderr());
        ExecResult result = output.result(0);
        byte[] marker = ExecResult.truncationMarker(budget);
        assertEquals(budget, result.outputBytes(), "stdout + stderr + marker fill the budget exactly");
        assertTrue(result.truncated());
        assertEquals(1, result.exitCode(), "a cut output is no success");
        assertEquals(101_000_000L - (budget - marker.length), output.dropped(), "the rest was read and dropped");
        byte[] stderr = result.stderr();
        assertArrayEquals(marker, Arrays.copyOfRange(stderr, stderr.length - marker.length, stderr.length));
        assertTrue(new String(marker, StandardCharsets.UTF_8).contains(String.valueOf(budget)));
        long allocated = result.stdoutChunks().stream().mapToLong(ByteBuffer::capacity).sum();
        assertEquals(result.stdoutChunks().stream().mapToLong(ByteBuffer::remaining).sum(), allocated,
                "no chunk of a flood is allocated past what it holds");
    }

    @Test
    void aFailingCommandKeepsItsExitCodeWhenCut() {
        ExecOutput output = new ExecOutput(200);
        ExecOutput.drain(endless((byte) 'x', 1000), output.stderr());
        ExecResult result = output.result(7);
        assertEquals(7, result.exitCode());
        assertEquals(200, result.outputBytes());
    }

    @Test
    void aBudgetSmallerThanTheMarkerKeepsOnlyTheMarker() {
        ExecOutput output = new ExecOutput(10);
        ExecOutput.drain(endless((byte) 'x', 1000), output.stdout());
        ExecResult result = output.result(0);
        assertEquals(0, result.stdout().length);
        assertTrue(result.truncated());
    }

    @Test
    void resultsFromArraysReadTheSame() {
        ExecResult result = new ExecResult(3, "a".getBytes(), new byte[0], false);
        assertArrayEquals("a".getBytes(), result.stdout());
        assertEquals(1, result.outputBytes());
    }

    @Test
    void aSpillingOutputKeepsItsFirstBytesInMemoryAndTheRestInUnlinkedFilesReadAChunkAtATime(@TempDir Path spill)
            throws IOException {
        int budget = 16 * ExecOutput.MAX_CHUNK;
        ExecOutput output = new ExecOutput(budget, spill);
        ExecOutput.drain(counting(3_000_000), output.stderr());
        ExecOutput.drain(endless((byte) 'o', 100_000_000L), output.stdout());
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count(), "the spill files have no name from the moment they are made");
        }
        try (ExecResult result = output.result(0)) {
            byte[] marker = ExecResult.truncationMarker(budget);
            assertEquals(budget, result.outputBytes(), "stdout + stderr + marker fill the budget exactly");
            assertEquals(1, result.exitCode());
            assertTrue(result.stderrChunks() instanceof ExecChunks, "stderr was spilled past the memory part");
            byte[] stderr = result.stderr();
            assertEquals(3_000_000 + marker.length, stderr.length);
            assertArrayEquals(counting(3_000_000).readAllBytes(), Arrays.copyOf(stderr, 3_000_000),
                    "the bytes in their order across memory and file");
            assertArrayEquals(marker, Arrays.copyOfRange(stderr, 3_000_000, stderr.length));
            assertEquals(budget - marker.length - 3_000_000, result.stdoutChunks().stream()
                    .peek(chunk -> assertTrue(chunk.isReadOnly()))
                    .peek(chunk -> assertTrue(chunk.remaining() <= ExecOutput.MAX_CHUNK, "read a chunk at a time"))
                    .mapToLong(chunk -> {
                        ByteBuffer view = chunk.duplicate();
                        long ohs = 0;
                        while (view.hasRemaining()) {
                            ohs += view.get() == 'o' ? 1 : 0;
                        }
                        return ohs;
                    }).sum());
            result.close();
            assertThrows(UncheckedIOException.class, () -> result.stdoutChunks().get(result.stdoutChunks().size()
                    - 1), "a closed result's file is gone");
        }
    }

    @Test
    void aSmallOutputOfASpillingOutputNeverTouchesTheDisk(@TempDir Path spill) {
        ExecOutput output = new ExecOutput(ExecOutput.IN_MEMORY * 4, spill.resolve("absent"));
        ExecOutput.drain(new ByteArrayInputStream("ready\n".getBytes()), output.stdout());
        try (ExecResult result = output.result(0)) {
            assertEquals("ready\n", new String(result.stdout(), StandardCharsets.UTF_8));
            assertFalse(result.truncated());
        }
    }

    @Test
    void aSpillDirectoryThatCannotBeUsedKeepsTheOutputInMemoryAsWithoutOne(@TempDir Path spill) {
        ExecOutput output = new ExecOutput(4 * ExecOutput.IN_MEMORY, spill.resolve("absent"));
        ExecOutput.drain(counting(2 * ExecOutput.IN_MEMORY), output.stdout());
        try (ExecResult result = output.result(0)) {
            assertFalse(result.truncated());
            assertEquals(0, result.exitCode());
            assertArrayEquals(counting(2 * ExecOutput.IN_MEMORY).readAllBytes(), result.stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anOutputClosedWithoutAResultFreesItsFileAndDropsLaterWrites(@TempDir Path spill) throws IOException {
        ExecOutput output = new ExecOutput(4 * ExecOutput.IN_MEMORY, spill);
        ExecOutput.drain(endless((byte) 'x', 2L * ExecOutput.IN_MEMORY), output.stdout());
        assertEquals(1, descriptorsOn(spill), "the spilled part is held in a file without a name");
        output.close();
        assertEquals(0, descriptorsOn(spill), "closed: the file is freed");
        output.stdout().write(new byte[10], 0, 10);
        assertEquals(10, output.dropped(), "a write after close is dropped");
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count());
        }
    }

    /** This JVM's open descriptors on files (named or unlinked) in {@code dir}. */
    private static long descriptorsOn(Path dir) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    /** {@code count} bytes 0, 1, ... 250, 0, 1, ... (a pattern that shows a byte out of place). */
    static InputStream counting(int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return new ByteArrayInputStream(bytes);
    }

    /** {@code count} bytes of {@code value}, read in pieces as from a pipe. */
    static InputStream endless(byte value, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                return left-- > 0 ? value : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, 65536), left);
                left -= n;
                Arrays.fill(b, off, off + n, value);
                return n;
            }
        };
    }
}
