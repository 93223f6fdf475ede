package dev.orca.os;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** Sends signals to processes (kill(2)), for the signals {@link ProcessHandle} cannot send. */
@ProviderType
public interface Signals {

    int SIGKILL = 9;
    int SIGTERM = 15;
    int SIGWINCH = 28;

    /** @throws SystemCallException naming the process and the error (ESRCH: it is gone) */
    void send(long pid, int signal) throws IOException;
}
