package dev.orca.core.internal.wait;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How the core waits a little for something to happen: a service coming back while its bundle is updated, a file a
 * monitor reopens. The core stands on no library bundle, so it keeps this one definition of its own; plug-ins use
 * {@code dev.orca.os.Waiting}.
 */
public final class Patience {

    private Patience() {
    }

    /**
     * Waits on {@code monitor}, whose lock the caller holds and whose {@code notifyAll} announces a change, until
     * {@code done} holds or {@code patience} has passed; whether it holds. An interrupt ends the wait (and is kept).
     */
    public static boolean onMonitor(Object monitor, BooleanSupplier done, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done.getAsBoolean();
        }
    }

    /** Checks {@code done} every {@code pause} until it holds or {@code patience} has passed; whether it holds. */
    public static boolean polling(BooleanSupplier done, Duration patience, Duration pause) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!done.getAsBoolean()) {
                if (deadline - System.nanoTime() <= 0) {
                    return false;
                }
                Thread.sleep(pause.toMillis());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done.getAsBoolean();
        }
    }
}
