package dev.orca.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures a synchronous exec's stdout and stderr within one budget for both together, and makes the
 * {@link ExecResult}. Output past the budget is dropped (and counted), never buffered, so a flood costs the daemon
 * the budget at most, and a reader keeps draining its pipe so the process is never blocked. Bytes are kept in
 * chunks that grow from small to {@value #MAX_CHUNK} bytes: a probe's few bytes take a few KiB, a flood is never
 * copied to grow a buffer. The budget includes the {@link ExecResult#truncationMarker marker}, so a truncated
 * result's stdout and stderr together are exactly the budget at most. Thread-safe: one reader per stream.
 */
public final class ExecOutput {

    static final int FIRST_CHUNK = 4096;
    static final int MAX_CHUNK = 1 << 20;

    private final int budget;
    private final byte[] marker;
    private final int room;
    private final Stream stdout = new Stream();
    private final Stream stderr = new Stream();
    private int kept;
    private long dropped;

    /** @param budget the bytes stdout and stderr may hold together, the marker included */
    public ExecOutput(int budget) {
        this.budget = Math.max(0, budget);
        this.marker = ExecResult.truncationMarker(this.budget);
        this.room = Math.max(0, this.budget - marker.length);
    }

    /** Where the exec's stdout goes: writes never block and never fail. */
    public OutputStream stdout() {
        return stdout;
    }

    /** Where the exec's stderr goes: writes never block and never fail. */
    public OutputStream stderr() {
        return stderr;
    }

    /** Copies {@code in} into {@code sink} (one of this output's streams) until end of stream or an error. */
    public static void drain(InputStream in, OutputStream sink) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the stream was closed under us (the process was killed or is cut off): keep what arrived
        }
    }

    /** Whether anything was dropped so far. */
    public synchronized boolean truncated() {
        return dropped > 0;
    }

    /** How many bytes were dropped so far. */
    public synchronized long dropped() {
        return dropped;
    }

    /**
     * The result for a command that ended with {@code exitCode}: when output was dropped, stderr ends with the
     * marker and a zero exit code becomes 1, since the caller did not get what the command said.
     */
    public synchronized ExecResult result(int exitCode) {
        if (dropped == 0) {
            return new ExecResult(exitCode, stdout.chunks(), stderr.chunks(), false);
        }
        List<ByteBuffer> err = new ArrayList<>(stderr.chunks());
        err.add(ByteBuffer.wrap(marker.clone()));
        return new ExecResult(exitCode != 0 ? exitCode : 1, stdout.chunks(), err, true);
    }

    private final class Stream extends OutputStream {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current;
        private int used;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (ExecOutput.this) {
                int granted = Math.min(length, room - kept);
                dropped += length - granted;
                while (granted > 0) {
                    if (current == null || used == current.length) {
                        next();
                    }
                    int n = Math.min(granted, current.length - used);
                    System.arraycopy(bytes, offset, current, used, n);
                    used += n;
                    kept += n;
                    offset += n;
                    granted -= n;
                }
            }
        }

        /** A new chunk, never larger than what the budget can still fill (a flood's last is not over-allocated). */
        private void next() {
            if (current != null) {
                full.add(current);
            }
            int size = current == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, current.length * 2);
            current = new byte[Math.min(size, room - kept)];
            used = 0;
        }

        /** Called under the output's lock. */
        List<ByteBuffer> chunks() {
            List<ByteBuffer> chunks = new ArrayList<>();
            full.forEach(c -> chunks.add(ByteBuffer.wrap(c)));
            if (current != null && used > 0) {
                chunks.add(ByteBuffer.wrap(current, 0, used));
            }
            return chunks;
        }
    }
}
