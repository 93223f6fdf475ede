package dev.orca.core.internal.wait;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Holds the one service of a kind the CRI calls use, as it comes and goes. A call that finds the slot empty waits a
 * little: while the daemon starts, or while a bundle is reconfigured or updated, the service is away for moments,
 * and a kubelet call should not fail for that. The binding announces the service on the slot's monitor, so a
 * waiting call goes on the moment it arrives.
 */
public final class ServiceSlot<T> {

    private final Supplier<Duration> patience;
    private T service;

    /** @param patience how long a call waits for the service now (longer while the node starts) */
    public ServiceSlot(Supplier<Duration> patience) {
        this.patience = patience;
    }

    public synchronized void set(T deployed) {
        service = deployed;
        notifyAll();
    }

    public synchronized void clear(T leaving) {
        if (service == leaving) {
            service = null;
        }
    }

    /** The service there now, without waiting. */
    public synchronized Optional<T> current() {
        return Optional.ofNullable(service);
    }

    /** The service, waiting up to the patience for one to arrive; empty when none did. */
    public Optional<T> await() {
        Duration wait = patience.get();
        synchronized (this) {
            Patience.onMonitor(this, () -> service != null, wait);
            return Optional.ofNullable(service);
        }
    }
}
