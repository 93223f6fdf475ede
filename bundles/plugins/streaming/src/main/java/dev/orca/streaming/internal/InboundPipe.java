package dev.orca.streaming.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What a client sends on one stream or channel, fed by the event loop and read by a blocking thread; {@link #end()}
 * gives end-of-file after what was fed.
 */
final class InboundPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final InboundBudget budget;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean ended;
    private boolean endSeen;

    InboundPipe(InboundBudget budget) {
        this.budget = budget;
    }

    void feed(byte[] data) {
        if (data.length > 0 && !ended) {
            budget.received(data.length);
            chunks.add(data);
        }
    }

    void end() {
        if (!ended) {
            ended = true;
            chunks.add(END);
        }
    }

    boolean ended() {
        return ended;
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
            if (endSeen) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client");
            }
            position = 0;
            if (current == END) {
                endSeen = true;
            } else {
                budget.taken(current.length);
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
