package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuiltOnceTest {

    private final AtomicInteger builds = new AtomicInteger();
    private final BuiltOnce<Object, StringBuilder> messages = new BuiltOnce<>(event -> {
        builds.incrementAndGet();
        return new StringBuilder(event.toString());
    }, 2);

    @Test
    void theSameEventAskedByManyStreamsIsBuiltOnce() {
        Object event = new Object();
        StringBuilder first = messages.apply(event);
        for (int stream = 0; stream < 99; stream++) {
            assertSame(first, messages.apply(event));
        }
        assertEquals(1, builds.get());
    }

    @Test
    void anEqualButOtherEventIsBuiltForItself() {
        String one = new String("created");
        String other = new String("created");
        assertNotSame(messages.apply(one), messages.apply(other));
        assertEquals(2, builds.get());
    }

    @Test
    void anEventOlderThanTheRememberedOnesIsBuiltAgain() {
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        messages.apply(a);
        messages.apply(b);
        messages.apply(c);
        messages.apply(b);
        assertEquals(3, builds.get());
        messages.apply(a);
        assertEquals(4, builds.get());
    }

    @Test
    void rememberingNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BuiltOnce<Object, Object>(e -> e, 0));
    }
}
