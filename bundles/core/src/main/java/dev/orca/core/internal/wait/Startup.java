package dev.orca.core.internal.wait;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's start-up: from the moment the CRI socket answers until the parts a pod needs (a default runtime handler,
 * the image store, the pod network) have all been there, or {@code startup.wait.seconds} has passed. The socket
 * answers before the plug-in bundles have registered their services; while the start-up lasts, a call that needs a
 * part that is not there yet waits for it (on the monitor its binding announces, never by polling), and Status says
 * what is missing. Once over, it stays over: a part that leaves later is a bundle being updated or removed.
 */
public final class Startup {

    /** The parts, by the names errors and Status give them. */
    public static final String DEFAULT_HANDLER = "a default runtime handler";
    public static final String IMAGE_STORE = "the image store";
    public static final String POD_NETWORK = "a pod network";

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final Duration wait;
    private final Map<String, BooleanSupplier> parts;
    private final LongSupplier clock;
    private final long started;
    private volatile boolean over;

    /** @param parts what a pod needs, by the name an error or Status gives it, each saying whether it is there now */
    public Startup(Duration wait, Map<String, BooleanSupplier> parts) {
        this(wait, parts, System::nanoTime);
    }

    Startup(Duration wait, Map<String, BooleanSupplier> parts, LongSupplier clock) {
        this.wait = wait;
        this.parts = new LinkedHashMap<>(parts);
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /**
     * How much longer a call may wait for a part that is missing: the rest of the start-up; zero once every part has
     * been there at once or the start-up wait has passed.
     */
    public Duration left() {
        if (over) {
            return Duration.ZERO;
        }
        long elapsed = clock.getAsLong() - started;
        List<String> missing = missing();
        if (missing.isEmpty()) {
            end("the node is ready: {} there after {} ms", parts.keySet(), elapsed / 1_000_000);
            return Duration.ZERO;
        }
        long left = wait.toNanos() - elapsed;
        if (left <= 0) {
            end("the node's start-up wait ({} s) is over without {}: calls that need it fail from now on",
                    wait.toSeconds(), missing);
            return Duration.ZERO;
        }
        return Duration.ofNanos(left);
    }

    /** Whether the start-up still lasts. */
    public boolean starting() {
        return !left().isZero();
    }

    /** The parts that are not there now. */
    public List<String> missing() {
        return parts.entrySet().stream().filter(e -> !e.getValue().getAsBoolean()).map(Map.Entry::getKey).toList();
    }

    /** The longer of {@code patience} (how long a call waits for a service away for a moment) and the start-up left. */
    public Duration patience(Duration patience) {
        Duration left = left();
        return left.compareTo(patience) > 0 ? left : patience;
    }

    private synchronized void end(String message, Object first, Object second) {
        if (!over) {
            over = true;
            if (missing().isEmpty()) {
                LOG.info(message, first, second);
            } else {
                LOG.warn(message, first, second);
            }
        }
    }
}
