package dev.orca.os;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Work done inside another network namespace: a thread of its own enters the namespace (setns(2)), connects or
 * reads, and ends; a socket stays in that namespace and is used from any thread afterwards.
 */
@ProviderType
public interface NetworkNamespaces {

    /**
     * @param namespace a network namespace file (a pinned nsfs file or {@code /proc/PID/ns/net})
     * @throws IOException naming the namespace or the address: the namespace cannot be entered, nothing listens, …
     */
    SocketChannel connect(Path namespace, InetSocketAddress address) throws IOException;

    /**
     * The text of a file of {@code /proc/thread-self/net/} ({@code dev}, {@code snmp}, …) as a thread inside the
     * namespace sees it.
     *
     * @param file a name below {@code /proc/thread-self/net/}
     * @throws IOException naming the namespace: it cannot be entered, the file cannot be read
     */
    String readProcNet(Path namespace, String file) throws IOException;
}
