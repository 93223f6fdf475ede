package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;

import dev.orca.os.Waiting;
import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a container's end is known: conmon's exit file; or, once its conmon is gone (killed), the runtime saying the
 * container stopped, noted on disk the first time, so that the end keeps its time and the runtime is not asked again.
 * While conmon lives it alone says: it writes the file as soon as it has reaped the container.
 */
final class ContainerEnds {

    /** What is asked about a container that has no exit file yet. */
    interface Witnesses {
        boolean monitorAlive(String id);

        /** The runtime's {@code state}, {@link RuntimeStatus#UNKNOWN} when it cannot say. */
        RuntimeStatus runtime(String id);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ContainerEnds.class);
    /**
     * A stop waits on this: conmon writes the file within a few ms of a killed process's exit, so the first
     * {@link #SOON} is looked at every millisecond, and a longer wait (a process taking its time over SIGTERM) every 5.
     */
    private static final Duration POLL_SOON = Duration.ofMillis(1);
    private static final Duration SOON = Duration.ofMillis(50);
    private static final Duration POLL = Duration.ofMillis(5);

    private final ContainerLayout layout;
    private final Witnesses witnesses;

    ContainerEnds(ContainerLayout layout, Witnesses witnesses) {
        this.layout = layout;
        this.witnesses = witnesses;
    }

    /** conmon's exit file, or else the note of an end seen while conmon was gone; nothing is asked. */
    Optional<ExitRecord> recorded(String id) throws RuntimeHandlerException {
        try {
            Optional<ExitRecord> written = ExitRecord.read(layout.exitFile(id));
            return written.isPresent() ? written : ExitRecord.readNote(layout.endWithoutMonitor(id));
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The end, if the container has ended: recorded, or seen now (and noted) when its conmon is gone. conmon writes
     * the file before it ends, so once it is seen gone a second read of the file is final: only then is the runtime
     * asked (a conmon that wrote the file and ended between the first read and the look at it is not a lost one).
     */
    Optional<ExitRecord> end(String id) throws RuntimeHandlerException {
        Optional<ExitRecord> exit = recorded(id);
        if (exit.isPresent() || witnesses.monitorAlive(id)) {
            return exit;
        }
        exit = recorded(id);
        if (exit.isPresent() || !witnesses.runtime(id).status().equals("stopped")) {
            return exit;
        }
        try {
            Files.createFile(layout.endWithoutMonitor(id));
        } catch (FileAlreadyExistsException e) {
            // noted by a caller beside us
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot note its end: " + e.getMessage(),
                    e);
        }
        LOG.warn("container {} ended while its monitor (conmon) was gone: its exit code is unknown", id);
        return recorded(id);
    }

    /** Waits up to {@code timeout} for the end; empty if it did not come. */
    Optional<ExitRecord> await(String id, Duration timeout) throws RuntimeHandlerException {
        AtomicReference<Optional<ExitRecord>> exit = new AtomicReference<>(Optional.empty());
        Waiting.Check<RuntimeHandlerException> ended = () -> {
            exit.set(end(id));
            return exit.get().isPresent();
        };
        try {
            Duration soon = timeout.compareTo(SOON) < 0 ? timeout : SOON;
            if (!Waiting.until(ended, soon, POLL_SOON) && timeout.compareTo(soon) > 0) {
                Waiting.until(ended, timeout.minus(soon), POLL);
            }
            return exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeHandlerException(FAILED, "interrupted while waiting for container " + id
                    + " to exit", e);
        }
    }
}
