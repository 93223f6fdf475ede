package dev.orca.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a synchronous exec produced. Each stream's bytes come as the chunks they were captured in, so that a large
 * output reaches the caller without being copied again ({@link ExecOutput} makes them). Output an {@link ExecOutput}
 * spilled to a file is read a chunk at a time as the lists are gone through, until the result is {@link #close()
 * closed}; whoever takes a handler's result closes it once the output is sent.
 *
 * @param stdoutChunks stdout, in order; read-only views
 * @param stderrChunks stderr, in order; read-only views (with the {@link #truncationMarker} last when truncated)
 * @param truncated whether output past the budget was dropped (the exit code then says so too)
 */
public record ExecResult(int exitCode, List<ByteBuffer> stdoutChunks, List<ByteBuffer> stderrChunks,
        boolean truncated) implements AutoCloseable {

    public ExecResult {
        stdoutChunks = readOnly(stdoutChunks);
        stderrChunks = readOnly(stderrChunks);
    }

    /** An exec result from whole arrays (small outputs, tests). */
    public ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
        this(exitCode, List.of(ByteBuffer.wrap(stdout)), List.of(ByteBuffer.wrap(stderr)), truncated);
    }

    /** The line added to stderr when output past {@code budget} bytes (stdout and stderr together) was dropped. */
    public static byte[] truncationMarker(int budget) {
        return ("\n[orca: exec output truncated: more than " + budget + " bytes of stdout and stderr]\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** stdout as one array (a copy). */
    public byte[] stdout() {
        return join(stdoutChunks);
    }

    /** stderr as one array (a copy). */
    public byte[] stderr() {
        return join(stderrChunks);
    }

    /** How many bytes stdout and stderr hold together. */
    public long outputBytes() {
        return stdoutBytes() + stderrBytes();
    }

    /**
     * How many bytes stdout holds (without reading what was spilled).
     *
     * @since 1.16
     */
    public long stdoutBytes() {
        return size(stdoutChunks);
    }

    /**
     * How many bytes stderr holds (without reading what was spilled).
     *
     * @since 1.16
     */
    public long stderrBytes() {
        return size(stderrChunks);
    }

    /**
     * Frees what the output spilled to files (its chunks can no longer be read); nothing to do for output kept in
     * memory. Idempotent.
     *
     * @since 1.16
     */
    @Override
    public void close() {
        for (List<ByteBuffer> chunks : List.of(stdoutChunks, stderrChunks)) {
            if (chunks instanceof ExecChunks spilled) {
                spilled.close();
            }
        }
    }

    static long size(List<ByteBuffer> chunks) {
        if (chunks instanceof ExecChunks spilled) {
            return spilled.bytes();
        }
        return chunks.stream().mapToLong(ByteBuffer::remaining).sum();
    }

    /** Read-only views; spilled chunks are left to be read when asked for (they are read-only already). */
    private static List<ByteBuffer> readOnly(List<ByteBuffer> chunks) {
        if (chunks instanceof ExecChunks spilled) {
            return spilled;
        }
        return chunks.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
    }

    private static byte[] join(List<ByteBuffer> chunks) {
        byte[] all = new byte[Math.toIntExact(size(chunks))];
        int at = 0;
        for (ByteBuffer chunk : chunks) {
            int n = chunk.remaining();
            chunk.duplicate().get(all, at, n);
            at += n;
        }
        return all;
    }
}
