package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A non-blocking file descriptor read and written through poll(2) in short slices, each under a lock that
 * {@link #close()} also takes: a reader or writer never touches the number after it was closed (and perhaps reused),
 * and close never waits longer than one slice.
 */
final class PolledDescriptor {

    static final int NOTHING_YET = 0;
    static final int END = -1;
    private static final int SLICE_MILLIS = 100;

    private final int fd;
    private final String name;
    /**
     * Held for each system call on the descriptor, never while waiting for it to be ready: a reader that polls in a
     * loop must not starve a resize or a write (a resize once waited a whole second behind a terminal's reader).
     */
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;

    PolledDescriptor(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Waits up to {@code timeoutMillis} for data; returns its length, {@link #NOTHING_YET}, or {@link #END} (end-of-
     * file, EIO as a terminal without a slave gives it, or closed).
     */
    int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        if (length == 0) {
            return NOTHING_YET;
        }
        if (closed) {
            return END;
        }
        if (!ready(Descriptors.POLLIN, Math.min(timeoutMillis, SLICE_MILLIS))) {
            return NOTHING_YET;
        }
        lock.lock();
        try {
            if (closed) {
                return END;
            }
            byte[] target = offset == 0 ? buffer : new byte[length];
            int n;
            try {
                n = Descriptors.instance().read(fd, target, new NativeLong(length)).intValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Descriptors.EAGAIN || e.getErrorCode() == Descriptors.EINTR) {
                    return NOTHING_YET;
                }
                if (e.getErrorCode() == Descriptors.EIO) {
                    return END;
                }
                throw NativeStrings.failure("read(" + name + ")", e);
            }
            if (n == 0) {
                return END;
            }
            if (target != buffer) {
                System.arraycopy(target, 0, buffer, offset, n);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Writes all of it, waiting in slices while the other side does not take it. */
    void write(byte[] data, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            if (!ready(Descriptors.POLLOUT, SLICE_MILLIS)) {
                continue;
            }
            lock.lock();
            try {
                if (closed) {
                    throw new IOException(name + " is closed");
                }
                byte[] chunk = Arrays.copyOfRange(data, offset + done, offset + length);
                try {
                    done += Descriptors.instance().write(fd, chunk, new NativeLong(chunk.length)).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Descriptors.EAGAIN && e.getErrorCode() != Descriptors.EINTR) {
                        throw NativeStrings.failure("write(" + name + ")", e);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs {@code call} with the descriptor while it is open. */
    <T> T with(DescriptorCall<T> call) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            return call.apply(fd);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    Descriptors.instance().close(fd);
                } catch (LastErrorException e) {
                    // nothing more can be done with it
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean ready(short events, int timeoutMillis) throws IOException {
        try {
            return Descriptors.ready(fd, events, timeoutMillis);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("poll(" + name + ")", e);
        }
    }

    @FunctionalInterface
    interface DescriptorCall<T> {
        T apply(int fd) throws IOException;
    }
}
