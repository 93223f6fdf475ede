package dev.orca.os;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** Opens pseudo-terminals (posix_openpt, grantpt, unlockpt, ptsname). */
@ProviderType
public interface Terminals {

    PseudoTerminal open() throws IOException;
}
