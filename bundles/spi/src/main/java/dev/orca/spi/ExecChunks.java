package dev.orca.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.AbstractList;
import java.util.List;

/**
 * One stream of an exec's output as chunks: those kept in memory, then those an {@link ExecOutput} spilled to a
 * file, each read from it when asked for (so that a caller going through them in order holds one at a time), then a
 * tail (the truncation marker). The file's chunks are readable until {@link #close()}.
 */
final class ExecChunks extends AbstractList<ByteBuffer> {

    /** The size of a chunk read from the file: small, since the file's chunks are read to be copied and let go. */
    static final int FILE_CHUNK = 256 << 10;

    private final List<ByteBuffer> memory;
    private final FileChannel file;
    private final long fileBytes;
    private final List<ByteBuffer> tail;
    private final int fileChunks;

    /** @param file an unlinked file holding {@code fileBytes} from position 0, or null */
    ExecChunks(List<ByteBuffer> memory, FileChannel file, long fileBytes, List<ByteBuffer> tail) {
        this.memory = memory.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
        this.file = file;
        this.fileBytes = file == null ? 0 : fileBytes;
        this.tail = tail.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
        this.fileChunks = Math.toIntExact((this.fileBytes + FILE_CHUNK - 1) / FILE_CHUNK);
    }

    @Override
    public int size() {
        return memory.size() + fileChunks + tail.size();
    }

    /** A chunk; one from the file is read now, into a buffer of its own. */
    @Override
    public ByteBuffer get(int index) {
        if (index < memory.size()) {
            return memory.get(index).duplicate();
        }
        int inFile = index - memory.size();
        if (inFile >= fileChunks) {
            return tail.get(inFile - fileChunks).duplicate();
        }
        long position = (long) inFile * FILE_CHUNK;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, fileBytes - position));
        try {
            while (chunk.hasRemaining()) {
                if (file.read(chunk, position + chunk.position()) < 0) {
                    throw new IOException("the exec output's spill file ended early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading an exec's spilled output: " + e.getMessage(), e);
        }
        return chunk.flip().asReadOnlyBuffer();
    }

    /** The bytes of all chunks, without reading the file. */
    long bytes() {
        return ExecResult.size(memory) + fileBytes + ExecResult.size(tail);
    }

    /** Lets go of the file (its space is freed: it has no name); the memory chunks stay readable. */
    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
        }
    }
}
