package dev.orca.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
