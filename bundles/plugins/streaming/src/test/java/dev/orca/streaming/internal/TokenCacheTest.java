package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final TokenCache<String> tokens = new TokenCache<>(clock, Duration.ofSeconds(60), 3);

    @Test
    void aTokenIsConsumedOnceThenKnownAsUsed() {
        String token = tokens.issue("exec");
        assertEquals("exec", tokens.consume(token).request());
        assertEquals(TokenCache.Refusal.USED, tokens.consume(token).refusal());
    }

    @Test
    void aTokenExpiresAfterItsTimeToLive() {
        String token = tokens.issue("exec");
        clock.now = clock.now.plusSeconds(60);
        TokenCache.Lookup<String> lookup = tokens.consume(token);
        assertEquals(TokenCache.Refusal.EXPIRED, lookup.refusal());
        assertEquals(0, tokens.pending());
    }

    @Test
    void anUnknownTokenIsRefusedAsUnknown() {
        assertEquals(TokenCache.Refusal.UNKNOWN, tokens.consume("guessed").refusal());
    }

    @Test
    void tokensDifferAndTheirNumberIsBounded() {
        assertNotEquals(tokens.issue("a"), tokens.issue("b"));
        tokens.issue("c");
        assertThrows(IllegalStateException.class, () -> tokens.issue("d"));
        clock.now = clock.now.plusSeconds(61);
        tokens.issue("e");
    }
}
