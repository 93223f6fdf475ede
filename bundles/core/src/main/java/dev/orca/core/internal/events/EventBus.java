package dev.orca.core.internal.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each published event to every subscriber, in the order published, without ever waiting for one: each
 * subscriber has a buffer of {@code capacity} events, and one whose buffer is full when an event comes is dropped
 * (its {@link Subscription#dropped() reason} says so, a line is logged) instead of holding the publisher back.
 *
 * <p>Publishing takes one lock, so that every subscriber sees the same order; under it the bus only offers to
 * buffers and calls the subscribers' wake-ups, which must return at once (hand the work to another thread).
 */
public final class EventBus<E> {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final int capacity;
    private final List<Subscription<E>> subscriptions = new CopyOnWriteArrayList<>();

    /** @param capacity how many unread events a subscriber may have before it is dropped */
    public EventBus(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an event buffer holds at least one event, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * A new subscriber, which receives the events published from now on.
     *
     * @param who names the subscriber in the log line that reports its drop
     * @param wakeup called (on the publisher's thread, so it must not block) after each event buffered for it, and
     *     once when it is dropped
     */
    public Subscription<E> subscribe(String who, Runnable wakeup) {
        Subscription<E> subscription = new Subscription<>(who, capacity, wakeup, this::unsubscribe);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Offers the event to every subscriber; one with a full buffer is dropped. Never blocks on a subscriber. */
    public synchronized void publish(E event) {
        for (Subscription<E> subscription : subscriptions) {
            if (!subscription.offer(event)) {
                subscriptions.remove(subscription);
                String reason = "it fell behind: " + capacity + " events were waiting unread";
                LOG.warn("event subscriber {} dropped: {}", subscription.who(), reason);
                subscription.drop(reason);
            }
        }
    }

    /** How many subscribers receive events now. */
    public int subscribers() {
        return subscriptions.size();
    }

    public int capacity() {
        return capacity;
    }

    private void unsubscribe(Subscription<E> subscription) {
        subscriptions.remove(subscription);
    }
}
