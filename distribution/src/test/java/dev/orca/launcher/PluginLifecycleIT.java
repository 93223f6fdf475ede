package dev.orca.launcher;

import static dev.orca.launcher.NodeProbe.assertServing;
import static dev.orca.launcher.NodeProbe.await;
import static dev.orca.launcher.NodeProbe.bundle;
import static dev.orca.launcher.NodeProbe.context;
import static dev.orca.launcher.NodeProbe.services;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Hot plug: each plug-in bundle the features boot is stopped and started, updated from its own jar, uninstalled and
 * installed again, while the CRI endpoint keeps answering and every other bundle stays active; where Status tells
 * of the plug-in's feature, it reports it gone and back. The plug-ins are found in the booted node, not listed here.
 * A runtime pack (shipped in {@code packs/}, not booted) offers its handlers while it is installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleIT {

    @Configuration
    public Option[] node() throws IOException {
        return ExamNode.options();
    }

    @Before
    public void aRuncHandlerIsConfigured() throws Exception {
        FeatureReports.configureRuncHandler();
    }

    @Test
    public void theFeaturesBootThePlugins() {
        List<String> plugins = NodeProbe.plugins();
        assertTrue(plugins.toString(), plugins.containsAll(List.of("dev.orca.image", "dev.orca.storage.overlay",
                "dev.orca.storage.vfs", "dev.orca.runtime.oci", "dev.orca.network.cni")));
    }

    @Test
    public void aStoppedPluginLeavesTheNodeServingAndComesBackWhenStarted() throws Exception {
        for (String plugin : NodeProbe.plugins()) {
            Bundle bundle = bundle(plugin).orElseThrow();
            List<String> registered = awaitSettled(plugin);

            bundle.stop();
            assertTrue(plugin + " still registers " + services(bundle), services(bundle).isEmpty());
            assertTheOthersServe(plugin);
            FeatureReports.awaitReported(plugin, false);

            bundle.start();
            awaitBack(plugin, registered);
        }
    }

    @Test
    public void anUpdatedPluginRegistersItsServicesAgain() throws Exception {
        for (String plugin : NodeProbe.plugins()) {
            Bundle bundle = bundle(plugin).orElseThrow();
            List<String> registered = awaitSettled(plugin);
            BundleRevision before = bundle.adapt(BundleRevision.class);

            try (InputStream jar = Files.newInputStream(jarOf(bundle))) {
                bundle.update(jar);
            }
            NodeProbe.refresh(bundle);
            assertNotSame(plugin + " was not updated", before, bundle.adapt(BundleRevision.class));
            assertTheOthersServe(plugin);
            awaitBack(plugin, registered);
        }
    }

    @Test
    public void anUninstalledPluginLeavesTheNodeServingAndComesBackWhenInstalledAgain() throws Exception {
        for (String plugin : NodeProbe.plugins()) {
            Bundle bundle = bundle(plugin).orElseThrow();
            List<String> registered = awaitSettled(plugin);
            String location = bundle.getLocation();

            bundle.uninstall();
            NodeProbe.refresh(bundle);
            assertFalse(plugin + " is still installed", bundle(plugin).isPresent());
            assertTheOthersServe(plugin);
            FeatureReports.awaitReported(plugin, false);

            context().installBundle(location).start();
            awaitBack(plugin, registered);
        }
    }

    @Test
    public void aRuntimePackInstalledOffersItsHandlersUntilItIsUninstalled() throws Exception {
        Path packs = Path.of(context().getProperty("orca.home"), "packs");
        Path pack;
        try (var jars = Files.newDirectoryStream(packs, "orca-runtime-pack-crun-*.jar")) {
            pack = jars.iterator().next();
        }

        Bundle installed = context().installBundle("reference:" + pack.toUri());
        installed.start();
        await("the pack's handler crun-pack in Status", () -> verboseHandlers().contains("\"crun-pack\""));
        assertServing();

        installed.uninstall();
        NodeProbe.refresh(installed);
        await("crun-pack gone from Status", () -> !verboseHandlers().contains("\"crun-pack\""));
        assertTrue(verboseHandlers(), verboseHandlers().contains("\"" + FeatureReports.RUNC_HANDLER + "\""));
    }

    private static String verboseHandlers() {
        return NodeProbe.verboseStatus().getInfoMap().get("handlers");
    }

    /** The plug-in's services once its components are up (some register a moment after the bundle starts). */
    private static List<String> awaitSettled(String plugin) throws InterruptedException {
        FeatureReports.awaitReported(plugin, true);
        return services(bundle(plugin).orElseThrow());
    }

    private static void awaitBack(String plugin, List<String> registered) throws InterruptedException {
        await(plugin + " active again with " + registered, () -> bundle(plugin)
                .filter(b -> b.getState() == Bundle.ACTIVE && services(b).equals(registered)).isPresent());
        FeatureReports.awaitReported(plugin, true);
        assertServing();
    }

    /** The CRI endpoint answers, and every bundle but the plug-in (and fragments, never started) is active. */
    private static void assertTheOthersServe(String plugin) {
        assertServing();
        for (Bundle other : NodeProbe.nodeBundles()) {
            if (!other.getSymbolicName().equals(plugin) && !NodeProbe.isFragment(other)) {
                assertEquals(other.getSymbolicName() + " is not active while " + plugin + " is away", Bundle.ACTIVE,
                        other.getState());
            }
        }
    }

    private static Path jarOf(Bundle bundle) {
        return Path.of(URI.create(bundle.getLocation().substring("reference:".length())));
    }
}
