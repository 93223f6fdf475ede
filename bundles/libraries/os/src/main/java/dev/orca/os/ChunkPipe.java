package dev.orca.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream fed in chunks by one thread (a demultiplexer: conmon's attach socket, a VM agent's connection) and
 * read by another; {@link #end()} gives the reader end-of-file after what was queued. Unlike
 * {@link java.io.PipedInputStream} it does not care which threads live, and a feeder never blocks.
 */
public final class ChunkPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** Queues a copy of {@code length} bytes of {@code data} from {@code offset}. */
    public void feed(byte[] data, int offset, int length) {
        if (length > 0) {
            chunks.add(Arrays.copyOfRange(data, offset, offset + length));
        }
    }

    /** Queues {@code data} itself: the caller hands it over and does not change it. */
    public void feed(byte[] data) {
        if (data.length > 0) {
            chunks.add(data);
        }
    }

    /** The reader gets end-of-file once it has read what was queued before. */
    public void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for output");
            }
            position = 0;
            if (current == END) {
                ended = true;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
