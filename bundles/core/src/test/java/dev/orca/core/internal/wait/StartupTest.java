package dev.orca.core.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The start-up lasts until every part has been there at once or the wait has passed, and then stays over. */
class StartupTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean handler = new AtomicBoolean();
    private final AtomicBoolean images = new AtomicBoolean();
    private final Startup startup = new Startup(Duration.ofSeconds(10), parts(), now::get);

    private Map<String, BooleanSupplier> parts() {
        Map<String, BooleanSupplier> parts = new LinkedHashMap<>();
        parts.put(Startup.DEFAULT_HANDLER, handler::get);
        parts.put(Startup.IMAGE_STORE, images::get);
        return parts;
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void whileAPartIsMissingCallsMayWaitTheRestOfTheStartup() {
        assertEquals(Duration.ofSeconds(10), startup.left());
        advance(Duration.ofSeconds(4));
        handler.set(true);
        assertEquals(Duration.ofSeconds(6), startup.left());
        assertEquals(List.of(Startup.IMAGE_STORE), startup.missing());
        assertTrue(startup.starting());
        assertEquals(Duration.ofSeconds(6), startup.patience(Duration.ofSeconds(5)), "the longer of the two");
    }

    @Test
    void onceEveryPartIsThereTheStartupIsOverForGood() {
        handler.set(true);
        images.set(true);
        assertEquals(Duration.ZERO, startup.left());
        images.set(false);
        // a part that leaves now is a bundle being updated: the short service wait applies, not the start-up's
        assertEquals(Duration.ZERO, startup.left());
        assertFalse(startup.starting());
        assertEquals(Duration.ofSeconds(5), startup.patience(Duration.ofSeconds(5)));
    }

    @Test
    void afterTheWaitTheStartupIsOverEvenWithAPartMissing() {
        advance(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, startup.left());
        handler.set(false);
        advance(Duration.ofSeconds(-5));
        assertEquals(Duration.ZERO, startup.left(), "over stays over");
        assertEquals(List.of(Startup.DEFAULT_HANDLER, Startup.IMAGE_STORE), startup.missing());
    }

    @Test
    void aSlotHandsOverItsServiceTheMomentItIsSet() throws Exception {
        ServiceSlot<String> slot = new ServiceSlot<>(() -> Duration.ofSeconds(10));
        Thread later = new Thread(() -> {
            sleep(200);
            slot.set("store");
        });
        long started = System.nanoTime();
        later.start();
        assertEquals("store", slot.await().orElseThrow());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 150 && millis < 5000, millis + " ms");
        later.join();
    }

    @Test
    void aSlotThatStaysEmptyAnswersEmptyAfterItsPatience() {
        ServiceSlot<String> slot = new ServiceSlot<>(() -> Duration.ofMillis(100));
        long started = System.nanoTime();
        assertTrue(slot.await().isEmpty());
        assertTrue(System.nanoTime() - started >= 90_000_000L);
        assertTrue(new ServiceSlot<String>(() -> Duration.ZERO).await().isEmpty());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
