package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Boots the assembled distribution's features in a real Felix, inside this JVM, and checks the wiring: every bundle
 * active, the CRI endpoint serving, and runtime handlers registered at runtime showing in Status as they come and go.
 */
class NodeFrameworkIT {

    @TempDir
    static Path state;

    static Framework framework;
    static Settings settings;
    static UnixSocketChannel channel;
    static RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

    @BeforeAll
    static void boot() throws Exception {
        settings = Settings.load(Path.of(System.getProperty("orca.distribution")));
        settings.set(Settings.ROOT, state.resolve("root").toString());
        settings.set(Settings.RUN_ROOT, state.resolve("run").toString());
        // An empty deploy directory: the handlers these tests register are the only ones.
        settings.set("felix.fileinstall.dir", java.nio.file.Files.createDirectories(state.resolve("deploy")).toString());
        framework = NodeFramework.start(settings);
        channel = new UnixSocketChannel(settings.socket());
        runtime = RuntimeServiceGrpc.newBlockingStub(channel.channel());
    }

    @AfterAll
    static void shutdown() throws Exception {
        channel.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static BundleContext context() {
        return framework.getBundleContext();
    }

    @Test
    void everyBootBundleResolvesAndIsActive() throws IOException {
        List<Bundle> bundles = Arrays.asList(context().getBundles());
        assertEquals(NodeFramework.bundleJars(settings).size() + 1, bundles.size(), "system bundle + boot bundles");
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                // A fragment (Netty's epoll native library) is never started: it is resolved, attached to its host.
                assertEquals(Bundle.RESOLVED, bundle.getState(), bundle.getSymbolicName() + " is not resolved");
                assertFalse(bundle.adapt(BundleWiring.class).getRequiredWires(HostNamespace.HOST_NAMESPACE).isEmpty(),
                        bundle.getSymbolicName() + " is not attached to its host");
            } else {
                assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not active");
            }
        }
    }

    @Test
    void theCoreComponentsAreRegistered() throws Exception {
        // getAllServiceReferences: this JVM's class path has its own copies of these classes, so the
        // assignability filter of getServiceReference would hide the bundles' services from the system bundle.
        for (String service : List.of("dev.orca.core.internal.grpc.CriEndpoint",
                "dev.orca.core.internal.handler.RuntimeHandlerRegistry", "org.osgi.service.cm.ConfigurationAdmin",
                "org.apache.felix.service.command.CommandProcessor")) {
            assertNotNull(context().getAllServiceReferences(service, null), service + " is not registered");
        }
    }

    @Test
    void versionIsAnsweredOverTheSocket() {
        var version = runtime.version(VersionRequest.newBuilder().setVersion("v1").build());
        assertEquals("orca", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        assertFalse(version.getRuntimeVersion().isBlank());
    }

    @Test
    void aHandlerRegisteredAtRuntimeAppearsInStatusAndLeavesWithItsService() throws Exception {
        assertTrue(handlerNames().isEmpty());

        ServiceRegistration<?> registration = registerHandler("itest", true, 0, "itest runtime");
        try {
            StatusResponse status = runtime.status(StatusRequest.getDefaultInstance());
            assertEquals(List.of("", "itest"), names(status));
            assertTrue(condition(status, "RuntimeReady").getStatus());
            assertTrue(status.getRuntimeHandlers(1).getFeatures().getRecursiveReadOnlyMounts());
        } finally {
            registration.unregister();
        }

        StatusResponse after = runtime.status(StatusRequest.getDefaultInstance());
        assertTrue(names(after).isEmpty());
        assertFalse(condition(after, "RuntimeReady").getStatus());
    }

    @Test
    void rankedDuplicatesServeTheHigherRankedUntilItLeaves() throws Exception {
        ServiceRegistration<?> low = registerHandler("dup", false, 1, "low-ranked");
        ServiceRegistration<?> high = registerHandler("dup", false, 5, "high-ranked");
        try {
            assertEquals(List.of("dup"), handlerNames());
            assertTrue(verboseHandlers().contains("\"runtime\":\"high-ranked\""), verboseHandlers());

            high.unregister();
            assertTrue(verboseHandlers().contains("\"runtime\":\"low-ranked\""), verboseHandlers());
        } finally {
            low.unregister();
        }
    }

    @Test
    void theShellSocketRunsOrcaCommands() throws Exception {
        ServiceRegistration<?> registration = registerHandler("shelltest", true, 0, "seen from the shell");
        try {
            String output = shell("orca:handlers\nexit\n");
            assertTrue(output.contains("shelltest"), output);
            assertTrue(output.contains("seen from the shell"), output);
        } finally {
            registration.unregister();
        }
    }

    private static String shell(String input) throws IOException {
        try (SocketChannel shell = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            shell.connect(UnixDomainSocketAddress.of(settings.shellSocket()));
            shell.write(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (shell.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Registers a RuntimeHandler as a bundle would, implemented by a proxy of the SPI bundle's own interface. */
    private static ServiceRegistration<?> registerHandler(String name, boolean isDefault, int ranking,
            String description) throws Exception {
        Bundle spi = Arrays.stream(context().getBundles())
                .filter(b -> "dev.orca.spi".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Class<?> handlerType = spi.loadClass("dev.orca.spi.RuntimeHandler");
        Object features = spi.loadClass("dev.orca.spi.RuntimeFeatures")
                .getConstructor(boolean.class, boolean.class).newInstance(true, false);
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "features" -> features;
                    case "describe", "toString" -> description;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        if (method.isDefault()) {
                            yield java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("orca.runtime.handler", name);
        properties.put("orca.runtime.default", isDefault);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context().registerService(handlerType.getName(), handler, properties);
    }

    private static List<String> handlerNames() {
        return names(runtime.status(StatusRequest.getDefaultInstance()));
    }

    private static String verboseHandlers() {
        return runtime.status(StatusRequest.newBuilder().setVerbose(true).build()).getInfoMap().get("handlers");
    }

    private static List<String> names(StatusResponse status) {
        return status.getRuntimeHandlersList().stream().map(dev.orca.cri.v1.RuntimeHandler::getName).toList();
    }

    private static RuntimeCondition condition(StatusResponse status, String type) {
        return status.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow();
    }
}
