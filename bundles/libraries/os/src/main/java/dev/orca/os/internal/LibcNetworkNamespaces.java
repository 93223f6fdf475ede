package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.NetworkNamespaces;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;

/**
 * setns(2) on a thread made for one connection: the thread enters the namespace, opens and connects the socket, and
 * ends, so no pooled thread is ever left in a pod's namespace.
 */
@Component(service = NetworkNamespaces.class)
public final class LibcNetworkNamespaces implements NetworkNamespaces {

    private static final int CLONE_NEWNET = 0x40000000;

    @Override
    public SocketChannel connect(Path namespace, InetSocketAddress address) throws IOException {
        AtomicReference<SocketChannel> connected = new AtomicReference<>();
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread dialer = new Thread(() -> {
            try {
                enter(namespace);
                SocketChannel channel = SocketChannel.open();
                try {
                    channel.connect(address);
                    connected.set(channel);
                } catch (IOException e) {
                    channel.close();
                    throw new IOException("cannot connect to " + address.getAddress().getHostAddress() + ":"
                            + address.getPort() + " in network namespace " + namespace + ": " + e.getMessage(), e);
                }
            } catch (IOException e) {
                failed.set(e);
            } catch (RuntimeException e) {
                failed.set(new IOException(e.toString(), e));
            }
        }, "orca-netns-dial");
        dialer.setDaemon(true);
        dialer.start();
        try {
            dialer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting in " + namespace, e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return connected.get();
    }

    private static void enter(Path namespace) throws IOException {
        Descriptors libc = Descriptors.instance();
        int fd;
        try {
            fd = libc.open(NativeStrings.path(namespace), Descriptors.O_RDONLY | Descriptors.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("open(" + namespace + ")", e);
        }
        try {
            libc.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("setns(" + namespace + ", CLONE_NEWNET)", e);
        } finally {
            libc.close(fd);
        }
    }
}
