package dev.orca.streaming.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Single-use tokens for the URLs the CRI calls hand out: each names one pending request, may be consumed once, and
 * expires after its time to live. Expired tokens are dropped as new ones come, and the number pending is bounded.
 */
final class TokenCache<T> {

    /** Why a token was refused, for the client's error. */
    enum Refusal { UNKNOWN, EXPIRED, USED }

    /** A consumed token's request, or why there is none. */
    record Lookup<T>(T request, Refusal refusal) {
        Optional<T> found() {
            return Optional.ofNullable(request);
        }
    }

    private record Entry<T>(T request, Instant expiry) {
    }

    private static final int TOKEN_BYTES = 18;
    private static final int SPENT_REMEMBERED = 4096;

    private final Clock clock;
    private final Duration ttl;
    private final int maxPending;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry<T>> pending = new LinkedHashMap<>();
    /** Tokens expired or used lately, so that their clients learn why rather than "unknown". */
    private final Map<String, Refusal> spent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Refusal> eldest) {
            return size() > SPENT_REMEMBERED;
        }
    };

    TokenCache(Clock clock, Duration ttl, int maxPending) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxPending = maxPending;
    }

    /** @throws IllegalStateException when {@code maxPending} tokens wait for their clients already */
    synchronized String issue(T request) {
        dropExpired();
        if (pending.size() >= maxPending) {
            throw new IllegalStateException(pending.size() + " stream URLs wait for their clients already (the limit)");
        }
        String token;
        do {
            byte[] bytes = new byte[TOKEN_BYTES];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (pending.containsKey(token));
        pending.put(token, new Entry<>(request, clock.instant().plus(ttl)));
        return token;
    }

    /** The token's request, removed so that it cannot be used again. */
    synchronized Lookup<T> consume(String token) {
        dropExpired();
        Entry<T> entry = pending.remove(token);
        if (entry != null) {
            spent.put(token, Refusal.USED);
            return new Lookup<>(entry.request(), null);
        }
        return new Lookup<>(null, spent.getOrDefault(token, Refusal.UNKNOWN));
    }

    synchronized int pending() {
        dropExpired();
        return pending.size();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!now.isBefore(e.getValue().expiry())) {
                it.remove();
                spent.put(e.getKey(), Refusal.EXPIRED);
            }
        }
    }
}
