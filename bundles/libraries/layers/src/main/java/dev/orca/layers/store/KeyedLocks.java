package dev.orca.layers.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A read-write lock per name (layer or container). Writing a name excludes everything else on it; reading it (a
 * layer another layer or a container is being built on) excludes only writers, such as its removal.
 */
public final class KeyedLocks {

    private final ConcurrentMap<String, ReadWriteLock> locks = new ConcurrentHashMap<>();

    public ReadWriteLock of(String key) {
        return locks.computeIfAbsent(key, k -> new ReentrantReadWriteLock());
    }
}
