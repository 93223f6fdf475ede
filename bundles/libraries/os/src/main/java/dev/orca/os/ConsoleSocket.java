package dev.orca.os;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A unix socket a runtime hands a terminal to ({@code --console-socket}): the runtime makes the process's terminal
 * itself, connects, and sends the master side as an {@code SCM_RIGHTS} message, as conmon receives it. Closing the
 * socket removes its file.
 */
@ProviderType
public interface ConsoleSocket extends AutoCloseable {

    /** Where the socket is bound. */
    Path path();

    /**
     * Waits up to {@code timeout} for the runtime to connect and send the master, while {@code senderAlive} says the
     * runtime still runs; the terminal is the process's own (this process holds no slave, so its output ends once the
     * process and its children have closed theirs).
     *
     * @throws IOException the runtime ended, or sent nothing within the timeout (the message says which), or its
     *     message carried no terminal
     */
    PseudoTerminal receive(Duration timeout, java.util.function.BooleanSupplier senderAlive) throws IOException;

    @Override
    void close();
}
