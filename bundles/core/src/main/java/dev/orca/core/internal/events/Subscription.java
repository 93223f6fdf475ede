package dev.orca.core.internal.events;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One subscriber's view of an {@link EventBus}: the events buffered for it, taken in order with {@link #poll()},
 * and, once the bus dropped it, why. Closing it stops the events.
 */
public final class Subscription<E> implements AutoCloseable {

    private final String who;
    private final BlockingQueue<E> buffer;
    private final Runnable wakeup;
    private final Consumer<Subscription<E>> onClose;
    private volatile String dropped;

    Subscription(String who, int capacity, Runnable wakeup, Consumer<Subscription<E>> onClose) {
        this.who = who;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.wakeup = wakeup;
        this.onClose = onClose;
    }

    public String who() {
        return who;
    }

    /** The next event, or null while none is waiting (and always once dropped). */
    public E poll() {
        return dropped == null ? buffer.poll() : null;
    }

    /** Why the bus dropped this subscriber, or empty while it receives events. */
    public Optional<String> dropped() {
        return Optional.ofNullable(dropped);
    }

    /** Stops the events; what is buffered stays readable. */
    @Override
    public void close() {
        onClose.accept(this);
    }

    boolean offer(E event) {
        if (!buffer.offer(event)) {
            return false;
        }
        wakeup.run();
        return true;
    }

    void drop(String reason) {
        dropped = reason;
        buffer.clear();
        wakeup.run();
    }
}
