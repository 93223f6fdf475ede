package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.VersionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The launcher's own start-up, as {@code bin/orca} runs it: {@link NodeFramework#create} installs the features'
 * jars by reference, in order, {@link NodeFramework#startBundles} starts them, timing each, and the node serves the
 * CRI. What the booted node does (services, handlers, hot plug) is tested in Pax Exam's Felix: {@link BootedNodeIT},
 * {@link PluginLifecycleIT}, {@link CoreFollowsServicesIT}.
 */
class NodeFrameworkIT {

    @TempDir
    Path state;

    @Test
    void theLauncherStartsEveryBundleOfItsFeaturesAndTheNodeServes() throws Exception {
        Settings settings = Settings.load(Path.of(System.getProperty("orca.distribution")));
        settings.set(Settings.ROOT, state.resolve("root").toString());
        settings.set(Settings.RUN_ROOT, state.resolve("run").toString());
        settings.set("felix.fileinstall.dir", Files.createDirectories(state.resolve("deploy")).toString());
        BootTimes times = new BootTimes();
        Framework framework = NodeFramework.create(settings, times);
        NodeFramework.startBundles(framework, times);
        try (UnixSocketChannel channel = new UnixSocketChannel(settings.socket())) {
            List<Bundle> bundles = Arrays.asList(framework.getBundleContext().getBundles());
            assertEquals(NodeFramework.bundleJars(settings).size() + 1, bundles.size(), "system bundle + features");
            for (Bundle bundle : bundles) {
                boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                assertEquals(fragment ? Bundle.RESOLVED : Bundle.ACTIVE, bundle.getState(),
                        bundle.getSymbolicName() + " is not " + (fragment ? "resolved" : "active"));
            }
            long started = bundles.stream().filter(b -> b.getBundleId() != 0
                    && b.getHeaders().get(Constants.FRAGMENT_HOST) == null).count();
            assertTrue(times.summary(3).startsWith(started + " bundles started in "), times.summary(3));
            assertTrue(times.summary(3).contains("; the slowest: "), times.summary(3));
            var version = RuntimeServiceGrpc.newBlockingStub(channel.channel())
                    .version(VersionRequest.newBuilder().setVersion("v1").build());
            assertEquals("orca", version.getRuntimeName());
            assertFalse(version.getRuntimeVersion().isBlank());
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
