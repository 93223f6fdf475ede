package dev.orca.core.internal.cri;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a container's log file to appear again after its monitor was asked to reopen it. */
final class LogReopening {

    private static final long POLL_MILLIS = 5;

    private LogReopening() {
    }

    /** Whether {@code log} exists within {@code timeout}; false also when the wait is interrupted. */
    static boolean awaitFile(Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(log)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
