package dev.orca.image.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A blob's bytes as they arrive, for a reader on another thread: the download puts them in, up to a bound, and the
 * reader takes them out as an {@link InputStream}. When the bound is reached the download waits (it asks the registry
 * for nothing more) until the reader has taken half of it. The stream ends once {@link RegistryClient#blob(
 * RegistryClient.Session, String, long, BlobStream)} has checked the blob's size and digest; a failed download fails
 * the reader's next read instead. A reader that closes early lets the rest of the blob be received, counted and
 * hashed, and dropped.
 */
public final class BlobStream implements TransferSink {

    private final long bound;
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
    private final Reader reader = new Reader();
    private long queuedBytes;
    private boolean ended;
    private Throwable failure;
    private boolean readerGone;
    private Runnable resume;

    /** @param bound how many bytes may wait for the reader before the download waits for it */
    public BlobStream(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("a blob stream needs room for at least one byte");
        }
        this.bound = bound;
    }

    /** The blob's bytes, for one reader; closing it drops whatever comes after. */
    public InputStream input() {
        return reader;
    }

    @Override
    public synchronized void write(ByteBuffer bytes) {
        if (readerGone || ended) {
            bytes.position(bytes.limit());
            return;
        }
        // the HTTP client hands each buffer over for good: it is kept, not copied
        ByteBuffer kept = bytes.slice();
        bytes.position(bytes.limit());
        if (kept.hasRemaining()) {
            queued.add(kept);
            queuedBytes += kept.remaining();
            notifyAll();
        }
    }

    @Override
    public synchronized boolean hasRoom(Runnable resume) {
        if (readerGone || queuedBytes < bound) {
            return true;
        }
        this.resume = resume;
        return false;
    }

    /** Every byte is in: the reader reaches the end once it has taken them. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The download failed: the reader's next read fails, naming the cause. */
    synchronized void fail(Throwable cause) {
        if (!ended) {
            ended = true;
            failure = cause;
            notifyAll();
        }
    }

    /** Waits for bytes: the buffer at the head, or null at the end. */
    private synchronized ByteBuffer head() throws IOException {
        while (true) {
            if (readerGone) {
                throw new IOException("blob stream closed");
            }
            ByteBuffer head = queued.peek();
            if (head != null) {
                return head;
            }
            if (failure != null) {
                throw new IOException("the download stopped: " + failure.getMessage(), failure);
            }
            if (ended) {
                return null;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the blob's next bytes");
            }
        }
    }

    /** The reader took {@code count} bytes from the head; returns what to run to let the download go on, if due. */
    private synchronized Runnable took(ByteBuffer head, int count) {
        queuedBytes -= count;
        if (!head.hasRemaining()) {
            queued.poll();
        }
        return queuedBytes <= bound / 2 ? takeResume() : null;
    }

    private synchronized Runnable closed() {
        readerGone = true;
        queued.clear();
        queuedBytes = 0;
        return takeResume();
    }

    private Runnable takeResume() {
        Runnable r = resume;
        resume = null;
        return r;
    }

    private synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
    }

    private final class Reader extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            ByteBuffer head = head();
            if (head == null) {
                return -1;
            }
            int count = Math.min(length, head.remaining());
            head.get(into, offset, count);
            Runnable resume = took(head, count);
            if (resume != null) {
                resume.run();
            }
            return count;
        }

        @Override
        public int available() {
            return BlobStream.this.available();
        }

        @Override
        public void close() {
            Runnable resume = closed();
            if (resume != null) {
                resume.run();
            }
        }
    }
}
