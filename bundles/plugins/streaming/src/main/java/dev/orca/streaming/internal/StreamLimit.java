package dev.orca.streaming.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** How many stream connections are being served, against the configured maximum. */
final class StreamLimit {

    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    StreamLimit(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int now = active.get();
            if (now >= max) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        active.decrementAndGet();
    }

    int active() {
        return active.get();
    }

    int max() {
        return max;
    }
}
