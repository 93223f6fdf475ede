package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Aborts transfers that received nothing for longer than the no-progress timeout, and remembers which it aborted:
 * what the JDK's HTTP client throws for a request whose body was cancelled differs between JDK updates (an
 * IOException about the content length on some), so a stall is recognised by this record, not by that exception.
 */
final class StallWatch implements AutoCloseable {

    private final Duration timeout;
    private final Set<Watched> active = ConcurrentHashMap.newKeySet();
    /** Weak keys: a transfer whose failure nobody asks about is forgotten with it. */
    private final Map<Transfer, ImageException> fired = Collections.synchronizedMap(new WeakHashMap<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orca-image-stall-watch");
        t.setDaemon(true);
        return t;
    });

    private record Watched(Transfer transfer, String registry) {
    }

    StallWatch(Duration timeout) {
        this.timeout = timeout;
        long period = Math.max(100, timeout.toMillis() / 4);
        timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    Duration timeout() {
        return timeout;
    }

    /** Watches a transfer, whose request is being sent, until it is done. */
    void watch(Transfer transfer, String registry) {
        transfer.requested();
        active.add(new Watched(transfer, registry));
    }

    private void check() {
        for (Watched w : active) {
            if (w.transfer().isDone()) {
                active.remove(w);
            } else if (w.transfer().idleNanos() > timeout.toNanos()) {
                active.remove(w);
                ImageException stalled = new ImageException(ImageException.Kind.TIMED_OUT, "registry "
                        + w.registry() + " sent nothing for " + timeout.toSeconds() + "s (no-progress timeout)");
                fired.put(w.transfer(), stalled);
                w.transfer().abort(stalled);
            }
        }
    }

    /** The error this watch stopped the transfer with, if it did. */
    Optional<ImageException> firedOn(Transfer transfer) {
        return Optional.ofNullable(fired.get(transfer));
    }

    /** A failed transfer as the user hears of it: the stall when this watch stopped it, whatever the client threw. */
    ImageException failure(Transfer transfer, Supplier<ImageException> otherwise) {
        return firedOn(transfer).orElseGet(otherwise);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
