package dev.orca.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The bus: order, bounded buffers, dropping a subscriber that falls behind, publishers never held back. */
class EventBusTest {

    private static final Runnable NOTHING = () -> { };

    @Test
    void everySubscriberReceivesTheEventsInTheOrderPublished() {
        EventBus<Integer> bus = new EventBus<>(100);
        Subscription<Integer> first = bus.subscribe("first", NOTHING);
        Subscription<Integer> second = bus.subscribe("second", NOTHING);
        for (int i = 0; i < 50; i++) {
            bus.publish(i);
        }
        assertEquals(range(50), drain(first));
        assertEquals(range(50), drain(second));
    }

    @Test
    void concurrentPublishersGiveEverySubscriberTheSameOrder() throws Exception {
        EventBus<Integer> bus = new EventBus<>(10_000);
        Subscription<Integer> first = bus.subscribe("first", NOTHING);
        Subscription<Integer> second = bus.subscribe("second", NOTHING);
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        for (int p = 0; p < 4; p++) {
            int base = p * 1000;
            publishers.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    bus.publish(base + i);
                }
            });
        }
        publishers.shutdown();
        assertTrue(publishers.awaitTermination(10, TimeUnit.SECONDS));
        List<Integer> seen = drain(first);
        assertEquals(4000, seen.size());
        assertEquals(seen, drain(second));
        for (int p = 0; p < 4; p++) {
            int base = p * 1000;
            List<Integer> ofPublisher = seen.stream().filter(i -> i >= base && i < base + 1000).toList();
            assertEquals(range(base, base + 1000), ofPublisher, "publisher " + p + "'s events keep their order");
        }
    }

    @Test
    void aSubscriberSeesOnlyWhatIsPublishedAfterItSubscribed() {
        EventBus<Integer> bus = new EventBus<>(10);
        bus.publish(1);
        Subscription<Integer> late = bus.subscribe("late", NOTHING);
        bus.publish(2);
        assertEquals(List.of(2), drain(late));
    }

    @Test
    void aSubscriberWhoseBufferIsFullIsDroppedWithTheReasonAndALogLineTheOthersGoOn() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(EventBus.class)).addAppender(log);
        EventBus<Integer> bus = new EventBus<>(3);
        AtomicInteger slowWakeups = new AtomicInteger();
        Subscription<Integer> slow = bus.subscribe("slow reader", slowWakeups::incrementAndGet);
        Subscription<Integer> fast = bus.subscribe("fast reader", NOTHING);
        List<Integer> fastSaw = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bus.publish(i);
            fastSaw.addAll(drain(fast));
        }
        assertEquals(range(10), fastSaw);
        assertTrue(slow.dropped().isPresent());
        assertTrue(slow.dropped().get().contains("3 events were waiting unread"), slow.dropped().get());
        assertNull(slow.poll(), "a dropped subscriber gets nothing more");
        assertEquals(4, slowWakeups.get(), "woken for its three events and once for the drop");
        assertEquals(1, bus.subscribers());
        assertFalse(fast.dropped().isPresent());
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage()
                .equals("event subscriber slow reader dropped: it fell behind: 3 events were waiting unread")),
                log.list.toString());
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotHoldThePublisherBack() throws Exception {
        EventBus<Integer> bus = new EventBus<>(16);
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            bus.subscribe("idle " + i, NOTHING);
        }
        Subscription<Integer> reader = bus.subscribe("reader", NOTHING);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 100_000; i++) {
                bus.publish(i);
                reader.poll();
            }
            never.countDown();
        });
        publisher.start();
        assertTrue(never.await(10, TimeUnit.SECONDS), "100000 events published with 50 subscribers never reading");
        assertEquals(1, bus.subscribers(), "the idle ones were dropped, the reader stays");
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() {
        EventBus<Integer> bus = new EventBus<>(10);
        Subscription<Integer> gone = bus.subscribe("gone", NOTHING);
        bus.publish(1);
        gone.close();
        bus.publish(2);
        assertEquals(List.of(1), drain(gone));
        assertEquals(0, bus.subscribers());
        assertFalse(gone.dropped().isPresent());
    }

    @Test
    void aBufferHoldsAtLeastOneEvent() {
        assertThrows(IllegalArgumentException.class, () -> new EventBus<Integer>(0));
    }

    private static List<Integer> drain(Subscription<Integer> subscription) {
        List<Integer> events = new ArrayList<>();
        for (Integer e = subscription.poll(); e != null; e = subscription.poll()) {
            events.add(e);
        }
        return events;
    }

    private static List<Integer> range(int to) {
        return range(0, to);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }
}
