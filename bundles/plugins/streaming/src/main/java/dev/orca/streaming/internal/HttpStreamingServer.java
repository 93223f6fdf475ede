package dev.orca.streaming.internal;

import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.streaming.ContainerStream;
import dev.orca.spi.streaming.PortForward;
import dev.orca.spi.streaming.StreamingServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming server: an HTTP server (Netty) on the configured address whose URLs carry single-use tokens, each
 * bound to one exec, attach or port-forward request and expiring after its time to live. A configuration that cannot
 * be served (a bad address, a busy port, unreadable TLS files) is refused: no service is registered, and the CRI
 * calls say that streaming is not deployed.
 */
@Component(service = StreamingServer.class, configurationPid = HttpStreamingServer.PID, immediate = true)
@Designate(ocd = StreamingConfiguration.class)
public final class HttpStreamingServer implements StreamingServer {

    static final String PID = "dev.orca.streaming";
    private static final Logger LOG = LoggerFactory.getLogger(HttpStreamingServer.class);

    private final TokenCache<PendingRequest> tokens;
    private final StreamLimit limit;
    private final ExecutorService threads;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final ChannelGroup open = new DefaultChannelGroup("orca-streams", GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final URI base;
    private final ServiceRegistration<MetricSource> metrics;

    @Activate
    public HttpStreamingServer(BundleContext context, StreamingConfiguration config) throws IOException {
        requirePositive("token.ttl.seconds", config.token_ttl_seconds());
        requirePositive("stream.creation.timeout.seconds", config.stream_creation_timeout_seconds());
        requirePositive("stream.idle.timeout.seconds", config.stream_idle_timeout_seconds());
        requirePositive("max.concurrent.streams", config.max_concurrent_streams());
        requirePositive("max.pending.tokens", config.max_pending_tokens());
        if (config.port() < 0 || config.port() > 65535) {
            throw fail("port " + config.port() + " is not a TCP port");
        }
        SslContext tls = tls(config);
        this.tokens = new TokenCache<>(Clock.systemUTC(), Duration.ofSeconds(config.token_ttl_seconds()),
                config.max_pending_tokens());
        this.limit = new StreamLimit(config.max_concurrent_streams());
        this.threads = Executors.newCachedThreadPool(new DefaultThreadFactory("orca-stream", true));
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("orca-stream-accept", true),
                NioIoHandler.newFactory());
        this.io = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("orca-stream-io", true),
                NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(acceptor, io).channel(NioServerSocketChannel.class)
                    .childHandler(new StreamingPipeline(tls, Duration.ofSeconds(config.stream_idle_timeout_seconds()),
                            open, tokens, limit, threads, Duration.ofSeconds(
                                    config.stream_creation_timeout_seconds())))
                    .bind(new InetSocketAddress(config.address(), config.port())).sync().channel();
        } catch (Exception e) {
            shutdown();
            throw fail("cannot listen on " + config.address() + ":" + config.port() + ": " + e.getMessage());
        }
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        String host = config.address().contains(":") ? "[" + config.address() + "]" : config.address();
        base = URI.create((tls == null ? "http" : "https") + "://" + host + ":" + port + "/");
        metrics = context.registerService(MetricSource.class, new StreamingMetrics(limit), null);
        LOG.info("streaming server (exec, attach, port-forward) on {}", base);
    }

    @Override
    public URI exec(ContainerStream stream) {
        return url(PendingRequest.exec(stream));
    }

    @Override
    public URI attach(ContainerStream stream) {
        return url(PendingRequest.attach(stream));
    }

    @Override
    public URI portForward(PortForward forward) {
        return url(PendingRequest.portForward(forward));
    }

    private URI url(PendingRequest request) {
        return base.resolve(request.kind().path() + "/" + tokens.issue(request));
    }

    @Deactivate
    void deactivate() {
        metrics.unregister();
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        open.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown();
        LOG.info("streaming server on {} stopped", base);
    }

    private void shutdown() {
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        threads.shutdownNow();
    }

    private static SslContext tls(StreamingConfiguration config) {
        boolean cert = !config.tls_cert().isBlank();
        boolean key = !config.tls_key().isBlank();
        if (!cert && !key) {
            return null;
        }
        if (cert != key) {
            throw fail("TLS needs both tls.cert and tls.key");
        }
        try {
            return SslContextBuilder.forServer(new File(config.tls_cert()), new File(config.tls_key())).build();
        } catch (IOException | RuntimeException e) {
            throw fail("TLS certificate " + config.tls_cert() + " or key " + config.tls_key() + " unusable: "
                    + e.getMessage());
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw fail(name + " must be positive, not " + value);
        }
    }

    /** Logged here as well: Declarative Services only logs the exception's type. */
    private static IllegalArgumentException fail(String message) {
        LOG.error("streaming server not started: {}", message);
        return new IllegalArgumentException("streaming server: " + message);
    }
}
