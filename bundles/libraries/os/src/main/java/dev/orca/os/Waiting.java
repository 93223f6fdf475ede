package dev.orca.os;

import java.time.Duration;

/** Waiting for something the kernel or another process does, by checking it again after short pauses. */
public final class Waiting {

    private Waiting() {
    }

    /** A check that may fail with {@code E}; true when what is waited for has happened. */
    @FunctionalInterface
    public interface Check<E extends Exception> {
        boolean done() throws E;
    }

    /**
     * Checks until the check says done (true) or {@code timeout} has passed since the call (false), pausing
     * {@code pause} between checks. The check runs at least once; what it throws ends the wait.
     *
     * @throws InterruptedException the thread was interrupted while pausing
     */
    public static <E extends Exception> boolean until(Check<E> check, Duration timeout, Duration pause)
            throws E, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(pause.toMillis());
        }
        return true;
    }
}
