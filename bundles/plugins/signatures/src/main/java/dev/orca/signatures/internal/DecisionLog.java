package dev.orca.signatures.internal;

import dev.orca.spi.policy.ImagePolicy.Decision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last decisions the policy took, newest last, for {@code orca:policy}; bounded, so it never grows. */
final class DecisionLog {

    /** One decision: when, on which image (and digest), for which namespace, and the answer. */
    record Entry(Instant at, String reference, String digest, String namespace, Decision decision) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
