package dev.orca.core.internal.cri;

import java.util.function.Function;

/**
 * Makes the message of each of the latest events once, however many streams send it: every stream of an event bus
 * asks for the message of the same event object, and a built protobuf message is immutable, so all of them can send
 * the one instance. Remembers the last {@code size} events by identity; one older than those is built again.
 */
final class BuiltOnce<E, M> implements Function<E, M> {

    private final Function<E, M> build;
    private final Object[] events;
    private final Object[] messages;
    private int next;

    BuiltOnce(Function<E, M> build, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("remembers at least one message, not " + size);
        }
        this.build = build;
        this.events = new Object[size];
        this.messages = new Object[size];
    }

    @Override
    @SuppressWarnings("unchecked")
    public M apply(E event) {
        synchronized (this) {
            for (int i = 0; i < events.length; i++) {
                if (events[i] == event) {
                    return (M) messages[i];
                }
            }
        }
        M message = build.apply(event);
        synchronized (this) {
            events[next] = event;
            messages[next] = message;
            next = (next + 1) % events.length;
        }
        return message;
    }
}
