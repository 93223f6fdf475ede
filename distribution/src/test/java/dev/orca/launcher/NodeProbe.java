package dev.orca.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.RuntimeCondition;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.os.Waiting;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.RuntimeHandler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The node seen from inside the Pax Exam framework, for the tests that run there: the bundles the features booted,
 * their services, and the CRI endpoint over its unix socket ({@code orca.socket}).
 */
final class NodeProbe {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    private static UnixSocketChannel channel;

    private NodeProbe() {
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(NodeProbe.class).getBundleContext();
    }

    static synchronized RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(channel().channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static synchronized ImageServiceGrpc.ImageServiceBlockingStub images() {
        return ImageServiceGrpc.newBlockingStub(channel().channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static UnixSocketChannel channel() {
        if (channel == null) {
            channel = new UnixSocketChannel(Path.of(context().getProperty(Settings.SOCKET)));
        }
        return channel;
    }

    /** The bundles the features booted, by their location in the distribution's {@code bundle/}. */
    static List<Bundle> nodeBundles() {
        String bundleDir = "reference:" + Path.of(context().getProperty("orca.home"), "bundle").toUri();
        return Arrays.stream(context().getBundles()).filter(b -> b.getLocation().startsWith(bundleDir)).toList();
    }

    /**
     * Orca's plug-ins among them: bundles with components that export nothing (the contract and the shared libraries
     * export packages), other than the core.
     */
    static List<String> plugins() {
        return nodeBundles().stream()
                .filter(b -> b.getSymbolicName().startsWith("dev.orca.") && !"dev.orca.core".equals(b.getSymbolicName()))
                .filter(b -> b.getHeaders().get("Service-Component") != null)
                .filter(b -> b.getHeaders().get(Constants.EXPORT_PACKAGE) == null)
                .map(Bundle::getSymbolicName).toList();
    }

    static Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst();
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    /** The service interfaces a bundle has registered now, one entry per interface of each service, sorted. */
    static List<String> services(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        return registered == null ? List.of() : Arrays.stream(registered)
                .flatMap(r -> Stream.of((String[]) r.getProperty(Constants.OBJECTCLASS))).sorted().toList();
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        assertTrue("waited " + PATIENCE.toSeconds() + " s for: " + what,
                Waiting.until(done::getAsBoolean, PATIENCE, Duration.ofMillis(50)));
    }

    /** Refreshes the bundles' wiring (after an update or uninstall), as an operator's {@code refresh} does. */
    static void refresh(Bundle... bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context().getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundles), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("the framework did not finish refreshing", refreshed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    /** The CRI endpoint answers Version as Orca. */
    static void assertServing() {
        assertEquals("orca", runtime().version(VersionRequest.newBuilder().setVersion("v1").build()).getRuntimeName());
    }

    static StatusResponse status() {
        return runtime().status(StatusRequest.getDefaultInstance());
    }

    static StatusResponse verboseStatus() {
        return runtime().status(StatusRequest.newBuilder().setVerbose(true).build());
    }

    static List<String> handlerNames() {
        return status().getRuntimeHandlersList().stream().map(dev.orca.cri.v1.RuntimeHandler::getName).toList();
    }

    static RuntimeCondition condition(StatusResponse status, String type) {
        return status.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow();
    }

    /** Registers a RuntimeHandler as a runtime bundle would; it runs nothing, it is only offered. */
    static ServiceRegistration<RuntimeHandler> registerHandler(String name, boolean isDefault, int ranking,
            String description) {
        RuntimeFeatures features = new RuntimeFeatures(true, false);
        InvocationHandler answers = (proxy, method, args) -> switch (method.getName()) {
            case "features" -> features;
            case "describe", "toString" -> description;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException(method.getName());
            }
        };
        RuntimeHandler handler = (RuntimeHandler) Proxy.newProxyInstance(RuntimeHandler.class.getClassLoader(),
                new Class<?>[] {RuntimeHandler.class}, answers);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(RuntimeHandler.HANDLER, name);
        properties.put(RuntimeHandler.DEFAULT, isDefault);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context().registerService(RuntimeHandler.class, handler, properties);
    }
}
