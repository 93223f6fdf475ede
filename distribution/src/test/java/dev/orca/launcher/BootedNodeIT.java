package dev.orca.launcher;

import static dev.orca.launcher.NodeProbe.condition;
import static dev.orca.launcher.NodeProbe.handlerNames;
import static dev.orca.launcher.NodeProbe.registerHandler;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.spi.RuntimeHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The distribution's features booted in Pax Exam's Felix: every bundle active, the core's services registered, the
 * CRI endpoint serving over its socket, and runtime handlers registered from here showing in Status as they come and
 * go.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootedNodeIT {

    @Configuration
    public Option[] node() throws IOException {
        return ExamNode.options();
    }

    @Test
    public void everyBundleOfTheFeaturesIsActiveAndEveryFragmentAttached() {
        List<Bundle> bundles = NodeProbe.nodeBundles();
        assertTrue("the features boot the core and the plug-ins: " + bundles, bundles.size() > 30);
        for (Bundle bundle : bundles) {
            if (NodeProbe.isFragment(bundle)) {
                assertEquals(bundle.getSymbolicName() + " is not resolved", Bundle.RESOLVED, bundle.getState());
                assertFalse(bundle.getSymbolicName() + " is not attached to its host", bundle
                        .adapt(BundleWiring.class).getRequiredWires(HostNamespace.HOST_NAMESPACE).isEmpty());
            } else {
                assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            }
        }
    }

    @Test
    public void nativeLibrariesComeFromTheirBundlesNotTheClassPath() {
        Bundle os = NodeProbe.bundle("dev.orca.os").orElseThrow();
        List<String> jnaProviders = os.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)
                .stream().filter(w -> w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)
                        .toString().startsWith("com.sun.jna"))
                .map(w -> w.getProvider().getBundle().getSymbolicName()).distinct().toList();
        assertEquals(List.of("com.sun.jna"), jnaProviders);
        Bundle core = NodeProbe.bundle("dev.orca.core").orElseThrow();
        assertTrue("the core does not import Netty's epoll transport from Netty's bundle", core
                .adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(w -> "io.netty.channel.epoll".equals(w.getCapability().getAttributes()
                        .get(PackageNamespace.PACKAGE_NAMESPACE))
                        && w.getProvider().getBundle().getSymbolicName().startsWith("io.netty")));
    }

    @Test
    public void theCoreAndTheOsgiServicesItStandsOnAreRegistered() {
        for (String service : List.of("dev.orca.core.internal.grpc.CriEndpoint",
                "dev.orca.core.internal.handler.RuntimeHandlerRegistry", "org.osgi.service.cm.ConfigurationAdmin",
                "org.apache.felix.service.command.CommandProcessor")) {
            assertNotNull(service + " is not registered", NodeProbe.context().getServiceReference(service));
        }
    }

    @Test
    public void theCriEndpointAnswersVersionAndStatusOverItsSocket() {
        var version = NodeProbe.runtime().version(VersionRequest.newBuilder().setVersion("v1").build());
        assertEquals("orca", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        assertFalse(version.getRuntimeVersion().isBlank());

        StatusResponse status = NodeProbe.status();
        assertFalse("no handler is configured", condition(status, "RuntimeReady").getStatus());
        assertEquals("NoDefaultRuntimeHandler", condition(status, "RuntimeReady").getReason());
    }

    @Test
    public void aHandlerRegisteredAtRuntimeAppearsInStatusAndLeavesWithItsService() {
        assertTrue(handlerNames().isEmpty());

        ServiceRegistration<RuntimeHandler> registration = registerHandler("itest", true, 0, "itest runtime");
        try {
            StatusResponse status = NodeProbe.status();
            assertEquals(List.of("", "itest"), status.getRuntimeHandlersList().stream()
                    .map(dev.orca.cri.v1.RuntimeHandler::getName).toList());
            assertTrue(condition(status, "RuntimeReady").getStatus());
            assertTrue(status.getRuntimeHandlers(1).getFeatures().getRecursiveReadOnlyMounts());
        } finally {
            registration.unregister();
        }

        StatusResponse after = NodeProbe.status();
        assertTrue(after.getRuntimeHandlersList().isEmpty());
        assertFalse(condition(after, "RuntimeReady").getStatus());
    }

    @Test
    public void rankedDuplicatesServeTheHigherRankedUntilItLeaves() {
        ServiceRegistration<RuntimeHandler> low = registerHandler("dup", false, 1, "low-ranked");
        ServiceRegistration<RuntimeHandler> high = registerHandler("dup", false, 5, "high-ranked");
        try {
            assertEquals(List.of("dup"), handlerNames());
            assertTrue(verboseHandlers(), verboseHandlers().contains("\"runtime\":\"high-ranked\""));

            high.unregister();
            assertTrue(verboseHandlers(), verboseHandlers().contains("\"runtime\":\"low-ranked\""));
        } finally {
            low.unregister();
        }
    }

    @Test
    public void theShellSocketRunsOrcaCommands() throws IOException {
        ServiceRegistration<RuntimeHandler> registration = registerHandler("shelltest", true, 0,
                "seen from the shell");
        try {
            String output = shell("orca:handlers\nexit\n");
            assertTrue(output, output.contains("shelltest"));
            assertTrue(output, output.contains("seen from the shell"));
        } finally {
            registration.unregister();
        }
    }

    private static String verboseHandlers() {
        return NodeProbe.verboseStatus().getInfoMap().get("handlers");
    }

    private static String shell(String input) throws IOException {
        try (SocketChannel shell = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            shell.connect(UnixDomainSocketAddress.of(Path.of(NodeProbe.context().getProperty(Settings.SHELL_SOCKET))));
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
}
