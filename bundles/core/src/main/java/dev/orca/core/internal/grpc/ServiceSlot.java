package dev.orca.core.internal.grpc;

import java.time.Duration;
import java.util.Optional;

/**
 * Holds the one service of a kind the CRI calls use, as it comes and goes. A call that finds the slot empty waits a
 * little: while the daemon starts, or while a bundle is reconfigured or updated, the service is away for moments,
 * and a kubelet call should not fail for that.
 */
final class ServiceSlot<T> {

    private final Duration patience;
    private T service;

    ServiceSlot(Duration patience) {
        this.patience = patience;
    }

    synchronized void set(T deployed) {
        service = deployed;
        notifyAll();
    }

    synchronized void clear(T leaving) {
        if (service == leaving) {
            service = null;
        }
    }

    /** The service, waiting up to the patience for one to arrive; empty when none did. */
    synchronized Optional<T> await() {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (service == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(service);
    }
}
