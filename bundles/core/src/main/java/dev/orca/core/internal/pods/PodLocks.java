package dev.orca.core.internal.pods;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One read-write lock per pod sandbox ID, so that calls on one pod do not interleave where they must not: container
 * calls (create, start, stop, remove) share the pod's lock, and StopPodSandbox and RemovePodSandbox hold it alone, so a
 * container is never made in a pod that is being removed, and a pod's removal waits for the container calls under way.
 * A lock lives only while somebody holds or waits for it, so a node that makes a million pods keeps no million locks.
 */
public final class PodLocks {

    private static final class Entry {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        int users;
    }

    private final Map<String, Entry> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} while holding the pod's lock with other container calls. */
    public <T> T shared(String podId, Supplier<T> work) {
        return holding(podId, false, work);
    }

    /** Runs {@code work} while holding the pod's lock alone. */
    public <T> T exclusive(String podId, Supplier<T> work) {
        return holding(podId, true, work);
    }

    /** How many pods have a lock now (held or waited for). */
    int size() {
        return locks.size();
    }

    private <T> T holding(String podId, boolean alone, Supplier<T> work) {
        Entry entry = locks.compute(podId, (id, e) -> {
            Entry held = e == null ? new Entry() : e;
            held.users++;
            return held;
        });
        Lock lock = alone ? entry.lock.writeLock() : entry.lock.readLock();
        try {
            lock.lock();
            try {
                return work.get();
            } finally {
                lock.unlock();
            }
        } finally {
            locks.computeIfPresent(podId, (id, e) -> --e.users == 0 ? null : e);
        }
    }
}
