package dev.orca.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Felix, started with the bundles of the configured features from {@code bundle/}, in feature order. */
final class NodeFramework {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFramework.class);

    private NodeFramework() {
    }

    /**
     * Initialises the framework and installs the features' bundles, by reference, without starting them; records how
     * long that took in {@code times}.
     */
    static Framework create(Settings settings, BootTimes times) throws IOException, BundleException {
        long began = System.nanoTime();
        List<Path> jars = bundleJars(settings);
        Framework framework = new FrameworkFactory().newFramework(settings.frameworkProperties());
        framework.init();
        try {
            BundleContext context = framework.getBundleContext();
            for (Path jar : jars) {
                // By reference: Felix reads the jar where it lies instead of copying it into its cache.
                context.installBundle("reference:" + jar.toUri());
            }
        } catch (BundleException | RuntimeException e) {
            framework.stop();
            throw e;
        }
        times.setUp(Duration.ofNanos(System.nanoTime() - began));
        return framework;
    }

    /** Starts the framework, then its bundles in the order they were installed, recording each start's time. */
    static void startBundles(Framework framework, BootTimes times) throws BundleException {
        try {
            framework.start();
            for (Bundle bundle : framework.getBundleContext().getBundles()) {
                if (bundle.getBundleId() != 0 && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    long began = System.nanoTime();
                    startBundle(bundle);
                    times.started(bundle.getSymbolicName(), Duration.ofNanos(System.nanoTime() - began));
                }
            }
        } catch (BundleException | RuntimeException e) {
            framework.stop();
            throw e;
        }
    }

    private static void startBundle(Bundle bundle) throws BundleException {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new BundleException("bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage(),
                    e.getType(), e);
        }
    }

    /** The jars of every configured feature, each once, in order; a missing jar is an error naming it. */
    static List<Path> bundleJars(Settings settings) throws IOException {
        Path bundleDir = settings.home().resolve("bundle");
        List<Path> jars = new ArrayList<>();
        for (String name : settings.features()) {
            Feature feature = Feature.read(settings.home().resolve("features"), name);
            for (Feature.BundleId id : feature.bundles()) {
                Path jar = bundleDir.resolve(id.jarName());
                if (!Files.isRegularFile(jar)) {
                    throw new IOException("feature '" + name + "' names " + id + ", but " + jar + " is missing");
                }
                if (!jars.contains(jar)) {
                    jars.add(jar);
                }
            }
            LOG.debug("feature '{}': {} bundles", name, feature.bundles().size());
        }
        return jars;
    }
}
