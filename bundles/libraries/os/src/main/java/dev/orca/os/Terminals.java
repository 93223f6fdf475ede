package dev.orca.os;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** Opens pseudo-terminals (posix_openpt, grantpt, unlockpt, ptsname), or receives one a runtime made. */
@ProviderType
public interface Terminals {

    PseudoTerminal open() throws IOException;

    /** Binds a {@link ConsoleSocket} at {@code path} (a path longer than a socket address takes is reached too). */
    ConsoleSocket consoleSocket(java.nio.file.Path path) throws IOException;
}
