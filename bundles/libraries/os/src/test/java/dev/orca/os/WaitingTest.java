package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitingTest {

    private static final Duration PAUSE = Duration.ofMillis(1);

    @Test
    void isDoneAsSoonAsTheCheckSaysSo() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        assertTrue(Waiting.until(() -> checks.incrementAndGet() == 3, Duration.ofSeconds(10), PAUSE));
        assertEquals(3, checks.get());
    }

    @Test
    void checksOnceEvenWithNoTimeAndGivesUpAfterTheTimeout() throws Exception {
        assertTrue(Waiting.until(() -> true, Duration.ZERO, PAUSE));

        long start = System.nanoTime();
        assertFalse(Waiting.until(() -> false, Duration.ofMillis(30), PAUSE));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
    }

    @Test
    void whatTheCheckThrowsEndsTheWait() {
        IOException e = assertThrows(IOException.class, () -> Waiting.until(() -> {
            throw new IOException("gone");
        }, Duration.ofSeconds(10), PAUSE));
        assertEquals("gone", e.getMessage());
    }

    @Test
    void anInterruptEndsThePause() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Waiting.until(() -> false, Duration.ofSeconds(10), PAUSE));
    }
}
