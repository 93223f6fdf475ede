package dev.orca.core.internal.shell;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the Gogo shell on a root-only unix socket ({@code orca shell} connects to it). There is no TCP port: the
 * socket is mode 0600, and each connection's peer credentials must be root's.
 */
@Component(immediate = true, service = ShellEndpoint.class)
public final class ShellEndpoint {

    public static final String SOCKET_PROPERTY = "orca.shell.socket";
    public static final String DEFAULT_SOCKET = "/run/orca/shell.sock";

    private static final Logger LOG = LoggerFactory.getLogger(ShellEndpoint.class);

    private final CommandProcessor processor;
    private final Path path;
    private final ServerSocketChannel server;
    private final ExecutorService sessions;
    private final AtomicInteger sessionCount = new AtomicInteger();

    @Activate
    public ShellEndpoint(@Reference CommandProcessor processor, BundleContext context) throws IOException {
        this.processor = processor;
        String configured = context.getProperty(SOCKET_PROPERTY);
        this.path = Path.of(configured == null || configured.isBlank() ? DEFAULT_SOCKET : configured);
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        this.sessions = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orca-shell-" + sessionCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        sessions.execute(this::accept);
        LOG.info("shell listening on {} (root only): run 'orca shell'", path);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                sessions.execute(new ShellSession(client, processor));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("shell socket {}: {}", path, e.getMessage());
                }
            }
        }
    }

    @Deactivate
    void stop() throws IOException {
        server.close();
        sessions.shutdownNow();
        Files.deleteIfExists(path);
    }
}
