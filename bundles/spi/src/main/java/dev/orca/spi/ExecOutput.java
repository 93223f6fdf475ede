package dev.orca.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures a synchronous exec's stdout and stderr within one budget for both together, and makes the
 * {@link ExecResult}. Output past the budget is dropped (and counted), never buffered, so a flood costs the daemon
 * the budget at most, and a reader keeps draining its pipe so the process is never blocked. Bytes are kept in
 * chunks that grow from small to {@value #MAX_CHUNK} bytes: a probe's few bytes take a few KiB, a flood is never
 * copied to grow a buffer. The budget includes the {@link ExecResult#truncationMarker marker}, so a truncated
 * result's stdout and stderr together are exactly the budget at most. Thread-safe: one reader per stream.
 *
 * <p>Made with a spill directory, it keeps the first {@value #IN_MEMORY} bytes in memory and writes the rest of
 * each stream to a file of its own there, unlinked as soon as it is made: a flood then lands in the page cache, not
 * in the daemon's heap, which does not give back what it grew. The result reads the file a chunk at a time and must
 * be {@link ExecResult#close() closed}, which frees it; an output closed before it made a result (the exec failed or
 * timed out) frees its files itself. Once a result is made or the output closed, later writes are dropped. Where no
 * file can be made there, a stream stays in memory, as without a spill directory; what a full disk refuses is
 * dropped with the rest of its stream, and the result says it was cut.
 */
public final class ExecOutput implements AutoCloseable {

    static final int FIRST_CHUNK = 4096;
    static final int MAX_CHUNK = 1 << 20;
    /** What a spilling output keeps in memory, both streams together, before it writes to files. */
    static final int IN_MEMORY = 256 << 10;

    private final int budget;
    private final byte[] marker;
    private final int room;
    private final Path spillDirectory;
    private final Stream stdout = new Stream();
    private final Stream stderr = new Stream();
    private int kept;
    private int inMemory;
    private long dropped;
    private boolean sealed;
    private boolean resultTaken;

    /** @param budget the bytes stdout and stderr may hold together, the marker included */
    public ExecOutput(int budget) {
        this(budget, null);
    }

    /**
     * An output that spills what is past {@value #IN_MEMORY} bytes to files in {@code spillDirectory} (null: none).
     *
     * @param budget the bytes stdout and stderr may hold together, the marker included
     * @since 1.16
     */
    public ExecOutput(int budget, Path spillDirectory) {
        this.budget = Math.max(0, budget);
        this.marker = ExecResult.truncationMarker(this.budget);
        this.room = Math.max(0, this.budget - marker.length);
        this.spillDirectory = spillDirectory;
    }

    /**
     * An output that spills to the JVM's temporary directory ({@code java.io.tmpdir}), as the shipped handlers
     * capture: its files have no name, so nothing is left there even when the daemon is killed.
     *
     * @param budget the bytes stdout and stderr may hold together, the marker included
     * @since 1.16
     */
    public static ExecOutput spillingToTemporaryFiles(int budget) {
        return new ExecOutput(budget, Path.of(System.getProperty("java.io.tmpdir")));
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
        sealed = true;
        resultTaken = true;
        if (dropped == 0) {
            return new ExecResult(exitCode, stdout.chunks(List.of()), stderr.chunks(List.of()), false);
        }
        return new ExecResult(exitCode != 0 ? exitCode : 1, stdout.chunks(List.of()),
                stderr.chunks(List.of(ByteBuffer.wrap(marker.clone()))), true);
    }

    /**
     * Frees the files of an output whose result was never made; once a result is made, its files are the result's.
     * Writes after this are dropped.
     *
     * @since 1.16
     */
    @Override
    public synchronized void close() {
        sealed = true;
        if (!resultTaken) {
            stdout.closeSpill();
            stderr.closeSpill();
        }
    }

    private final class Stream extends OutputStream {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current;
        private int used;
        private FileChannel spill;
        private long spilled;
        /** No file could be made in the spill directory: this stream is kept in memory, as without one. */
        private boolean memoryOnly;
        /** A write to the file failed: the rest of the stream is dropped. */
        private boolean spillBroken;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (ExecOutput.this) {
                if (sealed) {
                    dropped += length;
                    return;
                }
                int granted = Math.min(length, room - kept);
                dropped += length - granted;
                while (granted > 0) {
                    if (inMemory()) {
                        if (current == null || used == current.length) {
                            next();
                        }
                        int n = Math.min(granted, current.length - used);
                        System.arraycopy(bytes, offset, current, used, n);
                        used += n;
                        kept += n;
                        inMemory += n;
                        offset += n;
                        granted -= n;
                    } else if (spill(bytes, offset, granted)) {
                        granted = 0;
                    } // else no file could be made: the stream stays in memory from now on
                }
            }
        }

        /** Whether the next bytes go to memory: there is no spill directory, or room in the memory part, or no file. */
        private boolean inMemory() {
            return spillDirectory == null || memoryOnly || inMemory < IN_MEMORY;
        }

        /**
         * Writes to this stream's file. A file that cannot be made (the directory is missing or read-only) leaves the
         * stream in memory, as without a spill directory, and returns false; what cannot be written to a file that
         * was made (a full disk) is dropped, with everything after it, so that the output has no hole.
         */
        private boolean spill(byte[] bytes, int offset, int length) {
            if (spill == null) {
                try {
                    Path file = Files.createTempFile(spillDirectory, "orca-exec-", ".out");
                    spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    Files.delete(file);
                } catch (IOException | UnsupportedOperationException e) {
                    closeSpill();
                    spill = null;
                    memoryOnly = true;
                    return false;
                }
            }
            if (spillBroken) {
                dropped += length;
                return true;
            }
            try {
                ByteBuffer data = ByteBuffer.wrap(bytes, offset, length);
                while (data.hasRemaining()) {
                    spill.write(data, spilled + data.position() - offset);
                }
                spilled += length;
                kept += length;
            } catch (IOException e) {
                spillBroken = true;
                dropped += length;
            }
            return true;
        }

        void closeSpill() {
            if (spill != null) {
                try {
                    spill.close();
                } catch (IOException e) {
                    // nothing more to do with it
                }
            }
        }

        /** A new chunk, never larger than what the budget (or the memory part) can still fill. */
        private void next() {
            if (current != null) {
                full.add(current);
            }
            int size = current == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, current.length * 2);
            int memoryLeft = spillDirectory == null || memoryOnly ? Integer.MAX_VALUE : IN_MEMORY - inMemory;
            current = new byte[Math.min(size, Math.min(room - kept, memoryLeft))];
            used = 0;
        }

        /** Called under the output's lock. */
        List<ByteBuffer> chunks(List<ByteBuffer> tail) {
            List<ByteBuffer> chunks = new ArrayList<>();
            full.forEach(c -> chunks.add(ByteBuffer.wrap(c)));
            if (current != null && used > 0) {
                chunks.add(ByteBuffer.wrap(current, 0, used));
            }
            if (spill == null) {
                chunks.addAll(tail);
                return chunks;
            }
            return new ExecChunks(chunks, spill, spilled, tail);
        }
    }
}
