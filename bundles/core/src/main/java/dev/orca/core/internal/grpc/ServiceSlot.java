package dev.orca.core.internal.grpc;

import dev.orca.core.internal.wait.Patience;
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
        Patience.onMonitor(this, () -> service != null, patience);
        return Optional.ofNullable(service);
    }
}
