package dev.orca.core.internal.grpc;

import dev.orca.core.internal.cri.CoreMetrics;
import dev.orca.core.internal.cri.ImageServiceCalls;
import dev.orca.core.internal.cri.RuntimeServiceCalls;
import dev.orca.core.internal.events.ContainerEvent;
import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.spec.ProfileProviders;
import dev.orca.core.internal.spec.SpecGenerator;
import dev.orca.core.internal.cri.NodeParts;
import dev.orca.core.internal.wait.ServiceSlot;
import dev.orca.core.internal.wait.Startup;
import dev.orca.spi.ImageStore;
import dev.orca.spi.NodePaths;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.security.SecurityProfileProvider;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the CRI (RuntimeService and ImageService) over gRPC on a unix socket, for the kubelet and crictl.
 *
 * <p>The socket path is the framework property {@code orca.socket}. The server is built by hand on Netty's epoll
 * transport: gRPC's service-loader lookups do not work inside OSGi.
 */
@Component(immediate = true, service = CriEndpoint.class, configurationPid = CriEndpoint.PID)
@Designate(ocd = CriEndpointConfiguration.class)
public final class CriEndpoint {

    static final String PID = "dev.orca.core.endpoint";
    public static final String SOCKET_PROPERTY = "orca.socket";
    public static final String DEFAULT_SOCKET = "/run/orca/orca.sock";
    /** Framework property set by {@code bin/orca}: a daemon that cannot serve the CRI stops instead of idling. */
    public static final String DAEMON_PROPERTY = "orca.daemon";

    private static final Logger LOG = LoggerFactory.getLogger(CriEndpoint.class);

    private final RuntimeHandlerRegistry handlers;
    private final UnixSocketFile socket;
    private final ServiceSlot<ImageStore> images;
    private final ProfileProviders profiles;
    private final ServiceSlot<dev.orca.spi.PodNetwork> network;
    private final Startup startup;
    private final ServiceSlot<dev.orca.spi.streaming.StreamingServer> streaming;
    private final java.util.concurrent.atomic.AtomicReference<dev.orca.spi.policy.ImagePolicy> policy =
            new java.util.concurrent.atomic.AtomicReference<>();
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private ExecutorService calls;
    private Server server;
    private java.util.concurrent.ScheduledExecutorService recovery;
    private volatile NodeState state;
    private ServiceRegistration<MetricSource> metricSource;
    private volatile EventBus<ContainerEvent> events;
    private ExecutorService eventSenders;

    @Activate
    public CriEndpoint(BundleContext context, CriEndpointConfiguration config,
            @Reference RuntimeHandlerRegistry handlers) throws IOException {
        this.handlers = handlers;
        Duration serviceWait = Duration.ofSeconds(config.service_wait_seconds());
        ServiceSlot<ImageStore> imageSlot = new ServiceSlot<>(() -> patience(serviceWait));
        ServiceSlot<dev.orca.spi.PodNetwork> networkSlot = new ServiceSlot<>(this::startupLeft);
        this.images = imageSlot;
        this.network = networkSlot;
        // Exec, Attach and PortForward right after the node is ready wait for the streaming server, which starts
        // after the network
        this.streaming = new ServiceSlot<>(() -> patience(serviceWait));
        // a missing part is waited for while the node starts; afterwards, a service away for a moment, a little
        Map<String, BooleanSupplier> parts = new LinkedHashMap<>();
        parts.put(Startup.DEFAULT_HANDLER, () -> handlers.defaultHandler().isPresent());
        parts.put(Startup.IMAGE_STORE, () -> imageSlot.current().isPresent());
        parts.put(Startup.POD_NETWORK, () -> networkSlot.current().isPresent());
        this.startup = new Startup(Duration.ofSeconds(config.startup_wait_seconds()), parts);
        this.profiles = new ProfileProviders(() -> patience(serviceWait));
        String path = context.getProperty(SOCKET_PROPERTY);
        this.socket = new UnixSocketFile(Path.of(path == null || path.isBlank() ? DEFAULT_SOCKET : path));
        try {
            start(context, config);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot serve the CRI on {}: {}", socket.path(), e.getMessage());
            stopResources();
            if (Boolean.parseBoolean(context.getProperty(DAEMON_PROPERTY))) {
                stopFramework(context);
            }
            throw e;
        }
    }

    private void start(BundleContext context, CriEndpointConfiguration config) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("Netty's epoll transport is unavailable: " + Epoll.unavailabilityCause());
        }
        socket.prepareForBind();
        NodeState state = new NodeState(Path.of(NodePaths.root(context.getProperty(NodePaths.ROOT)), "state"));
        this.state = state;
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("orca-cri-accept", true),
                EpollIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(config.io_threads(), new DefaultThreadFactory("orca-cri-io", true),
                EpollIoHandler.newFactory());
        calls = Executors.newCachedThreadPool(new DefaultThreadFactory("orca-cri-call", true));
        String version = context.getBundle().getHeaders().get("Orca-Version");
        CallNames names = new CallNames();
        CoreMetrics metrics = new CoreMetrics(version, state, handlers);
        CallEnds ends = new CallEnds(new CallLogging(),
                (method, status, nanos) -> metrics.served(method.getBareMethodName(), status.getCode().name(), nanos));
        EventBus<ContainerEvent> bus = new EventBus<>(config.event_buffer());
        eventSenders = Executors.newCachedThreadPool(new DefaultThreadFactory("orca-cri-events", true));
        recovery = Executors.newScheduledThreadPool(2, new DefaultThreadFactory("orca-pod-recovery", true));
        RuntimeServiceCalls runtime = new RuntimeServiceCalls(version, handlers, state,
                () -> images.await().orElse(null), SpecGenerator.forThisHost(profiles),
                new NodeParts(startup, () -> images.current().isPresent(), () -> network.current().orElse(null),
                        () -> network.await().orElse(null)),
                () -> streaming.await().orElse(null), policy::get, new Lifecycle(state, bus), eventSenders, metrics,
                recovery, calls);
        this.events = bus;
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.path().toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(acceptor)
                .workerEventLoopGroup(io)
                .executor(calls)
                .addService(ServerInterceptors.intercept(runtime.served(), ends, names))
                .addService(ServerInterceptors.intercept(new ImageServiceCalls(() -> images.await().orElse(null),
                        imageId -> java.util.Optional.ofNullable(state.containerByImageId().get(imageId))),
                        ends, names))
                .fallbackHandlerRegistry(new UnknownMethods("runtime.v1.RuntimeService and runtime.v1.ImageService"))
                .addTransportFilter(new TransportLogging(config.handshake_timeout_seconds()))
                .handshakeTimeout(config.handshake_timeout_seconds(), TimeUnit.SECONDS)
                .maxInboundMessageSize(config.max_message_bytes())
                .build()
                .start();
        socket.restrict();
        metricSource = context.registerService(MetricSource.class, metrics, null);
        LOG.info("serving the CRI (runtime.v1) on unix://{}", socket.path());
        recovery.scheduleWithFixedDelay(() -> {
            try {
                runtime.recoverPods();
            } catch (RuntimeException e) {
                LOG.warn("pod recovery sweep failed: {}", e.toString());
            }
        }, 1, config.recovery_interval_seconds(), TimeUnit.SECONDS);
        recovery.scheduleWithFixedDelay(() -> {
            try {
                runtime.noticeExits();
            } catch (RuntimeException e) {
                LOG.warn("looking for container exits failed: {}", e.toString());
            }
        }, config.exit_watch_millis(), config.exit_watch_millis(), TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindImages(ImageStore store) {
        images.set(store);
    }

    void unbindImages(ImageStore store) {
        images.clear(store);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNetwork(dev.orca.spi.PodNetwork deployed) {
        network.set(deployed);
    }

    void unbindNetwork(dev.orca.spi.PodNetwork deployed) {
        network.clear(deployed);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStreaming(dev.orca.spi.streaming.StreamingServer deployed) {
        streaming.set(deployed);
    }

    void unbindStreaming(dev.orca.spi.streaming.StreamingServer deployed) {
        streaming.clear(deployed);
    }

    /** Only for {@code crictl info}: the image store, not the core, asks the policy about pulls. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPolicy(dev.orca.spi.policy.ImagePolicy deployed) {
        policy.set(deployed);
    }

    void unbindPolicy(dev.orca.spi.policy.ImagePolicy deployed) {
        policy.compareAndSet(deployed, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + SecurityProfileProvider.TYPE + "=" + SecurityProfileProvider.SECCOMP + ")")
    void bindSeccomp(SecurityProfileProvider provider) {
        profiles.bind(SecurityProfileProvider.SECCOMP, provider);
    }

    void unbindSeccomp(SecurityProfileProvider provider) {
        profiles.unbind(SecurityProfileProvider.SECCOMP, provider);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + SecurityProfileProvider.TYPE + "=" + SecurityProfileProvider.APPARMOR + ")")
    void bindApparmor(SecurityProfileProvider provider) {
        profiles.bind(SecurityProfileProvider.APPARMOR, provider);
    }

    void unbindApparmor(SecurityProfileProvider provider) {
        profiles.unbind(SecurityProfileProvider.APPARMOR, provider);
    }

    /** How long a call waits for a service that is away: {@code service.wait.seconds}, or the start-up left. */
    private Duration patience(Duration serviceWait) {
        return startup.patience(serviceWait);
    }

    private Duration startupLeft() {
        return startup.left();
    }

    public Path socketPath() {
        return socket.path();
    }

    /** The node's pods and containers, for the shell; empty while the endpoint is not serving. */
    public java.util.Optional<NodeState> nodeState() {
        return java.util.Optional.ofNullable(state);
    }

    /** The container events, for the shell; empty while the endpoint is not serving. */
    public java.util.Optional<EventBus<ContainerEvent>> events() {
        return java.util.Optional.ofNullable(events);
    }

    @Deactivate
    void stop() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
            socket.deleteIfExists();
            LOG.info("stopped serving the CRI on {}", socket.path());
        }
        stopResources();
    }

    private void stopResources() {
        if (metricSource != null) {
            metricSource.unregister();
            metricSource = null;
        }
        if (recovery != null) {
            recovery.shutdownNow();
        }
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (io != null) {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (calls != null) {
            calls.shutdownNow();
        }
        if (eventSenders != null) {
            eventSenders.shutdownNow();
        }
    }

    private static void stopFramework(BundleContext context) {
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException e) {
                LOG.error("could not stop the framework", e);
            }
        }, "orca-endpoint-failure");
        stopper.start();
    }
}
