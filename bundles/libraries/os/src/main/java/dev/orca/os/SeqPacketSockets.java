package dev.orca.os;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Connects to {@code SOCK_SEQPACKET} unix sockets, also at paths longer than {@code sun_path} holds. */
@ProviderType
public interface SeqPacketSockets {

    SeqPacketSocket connect(Path socket) throws IOException;
}
