package dev.orca.os;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Connections made inside another network namespace: a thread of its own enters the namespace (setns(2)), connects,
 * and ends; the socket stays in that namespace and is used from any thread afterwards.
 */
@ProviderType
public interface NetworkNamespaces {

    /**
     * @param namespace a network namespace file (a pinned nsfs file or {@code /proc/PID/ns/net})
     * @throws IOException naming the namespace or the address: the namespace cannot be entered, nothing listens, …
     */
    SocketChannel connect(Path namespace, InetSocketAddress address) throws IOException;
}
