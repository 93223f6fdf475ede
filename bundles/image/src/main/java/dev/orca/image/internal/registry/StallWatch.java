package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Aborts transfers that received nothing for longer than the no-progress timeout. */
final class StallWatch implements AutoCloseable {

    private final Duration timeout;
    private final Set<Watched> active = ConcurrentHashMap.newKeySet();
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

    /** Watches a transfer until it is done. */
    void watch(Transfer transfer, String registry) {
        active.add(new Watched(transfer, registry));
    }

    private void check() {
        for (Watched w : active) {
            if (w.transfer().isDone()) {
                active.remove(w);
            } else if (w.transfer().idleNanos() > timeout.toNanos()) {
                active.remove(w);
                w.transfer().abort(new ImageException(ImageException.Kind.TIMED_OUT, "registry " + w.registry()
                        + " sent nothing for " + timeout.toSeconds() + "s (no-progress timeout)"));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
