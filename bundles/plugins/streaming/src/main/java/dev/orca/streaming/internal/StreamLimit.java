package dev.orca.streaming.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many stream connections are being served, against the configured maximum; and, once a connection's token
 * said what it is for, how many of each kind.
 */
final class StreamLimit {

    private final int max;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<PendingRequest.Kind, AtomicInteger> serving = new EnumMap<>(PendingRequest.Kind.class);

    StreamLimit(int max) {
        this.max = max;
        for (PendingRequest.Kind kind : PendingRequest.Kind.values()) {
            serving.put(kind, new AtomicInteger());
        }
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

    /** An acquired connection serves a session of this kind, until {@link #release(PendingRequest.Kind)}. */
    void serving(PendingRequest.Kind kind) {
        serving.get(kind).incrementAndGet();
    }

    void release(PendingRequest.Kind kind) {
        serving.get(kind).decrementAndGet();
        release();
    }

    /** Sessions of this kind being served now. */
    int sessions(PendingRequest.Kind kind) {
        return serving.get(kind).get();
    }

    int active() {
        return active.get();
    }

    int max() {
        return max;
    }
}
