package dev.orca.spi.streaming;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.osgi.annotation.versioning.ConsumerType;

/** Opens a TCP connection to a port on the loopback address of a pod's network namespace. */
@ConsumerType
@FunctionalInterface
public interface PortDialer {

    /** @throws IOException with a message fit for the client (nothing listens, the pod is gone, …) */
    SocketChannel dial(int port) throws IOException;
}
