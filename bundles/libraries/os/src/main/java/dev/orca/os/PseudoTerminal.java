package dev.orca.os;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pseudo-terminal pair this process holds the master side of. A child process gets the terminal by opening
 * {@link #slave()} itself (this process never opens the slave, so it cannot become its controlling terminal); what
 * the child prints is read from {@link #output()}, what is written to {@link #input()} is what it types. The terminal
 * is raw (no echo, no line editing, output as printed): its child relays to a terminal of its own that does that.
 */
@ProviderType
public interface PseudoTerminal extends AutoCloseable {

    /** The slave's device path, such as {@code /dev/pts/7}. */
    Path slave();

    /** What the terminal prints; at end-of-file once every holder of the slave has closed it, or after close. */
    InputStream output();

    /** What the terminal's user types. */
    OutputStream input();

    /** Sets the window size (TIOCSWINSZ); the processes on the terminal learn it through SIGWINCH. */
    void resize(int columns, int rows) throws java.io.IOException;

    /** Closes the master side; a reader of {@link #output()} then sees end-of-file. */
    @Override
    void close();
}
