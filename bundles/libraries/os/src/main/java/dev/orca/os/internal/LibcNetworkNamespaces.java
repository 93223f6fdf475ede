package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.NetworkNamespaces;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;

/**
 * setns(2) on a thread made for one task: the thread enters the namespace, connects a socket or reads a file, and
 * ends, so no pooled thread is ever left in a pod's namespace.
 */
@Component(service = NetworkNamespaces.class)
public final class LibcNetworkNamespaces implements NetworkNamespaces {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final Path PROC_NET = Path.of("/proc/thread-self/net");

    @Override
    public SocketChannel connect(Path namespace, InetSocketAddress address) throws IOException {
        return inside(namespace, "orca-netns-dial", () -> {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.connect(address);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw new IOException("cannot connect to " + address.getAddress().getHostAddress() + ":"
                        + address.getPort() + " in network namespace " + namespace + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String readProcNet(Path namespace, String file) throws IOException {
        Path path = PROC_NET.resolve(file);
        if (!path.normalize().getParent().equals(PROC_NET)) {
            throw new IllegalArgumentException("\"" + file + "\" is not a file name below " + PROC_NET);
        }
        return inside(namespace, "orca-netns-read", () -> {
            try {
                return Files.readString(path, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IOException("cannot read " + path + " in network namespace " + namespace + ": "
                        + e.getMessage(), e);
            }
        });
    }

    private interface Task<T> {
        T run() throws IOException;
    }

    private static <T> T inside(Path namespace, String threadName, Task<T> task) throws IOException {
        AtomicReference<T> done = new AtomicReference<>();
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                enter(namespace);
                done.set(task.run());
            } catch (IOException e) {
                failed.set(e);
            } catch (RuntimeException e) {
                failed.set(new IOException(e.toString(), e));
            }
        }, threadName);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while working in " + namespace, e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return done.get();
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
