package dev.orca.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A process in a container that a client talks to while it runs: an exec'd command, or a container's own process
 * reached through its monitor (attach).
 *
 * <p>With a terminal, stdout carries everything the terminal prints and {@link #stderr()} is empty.
 */
@ConsumerType
public interface InteractiveProcess extends AutoCloseable {

    /** The process's standard input; closing it sends end-of-file. */
    OutputStream stdin();

    InputStream stdout();

    /** Empty (at end-of-file at once) when the process has a terminal. */
    InputStream stderr();

    /** Sets the terminal's size; ignored without a terminal. */
    void resize(int columns, int rows) throws IOException;

    /**
     * Waits until the process ends and returns its exit code. For an attach, that is the container's exit; a
     * detached attach returns when {@link #close()} is called, with {@code -1}.
     */
    int waitFor() throws InterruptedException;

    /** Releases the streams: an exec'd process still running is killed and reaped; an attach just detaches. */
    @Override
    void close();
}
