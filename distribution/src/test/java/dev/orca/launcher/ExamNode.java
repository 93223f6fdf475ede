package dev.orca.launcher;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import dev.orca.os.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.osgi.framework.Constants;

/**
 * A node as Pax Exam's native container boots it: the assembled distribution's features (its {@code conf/}, its
 * {@code features/} and {@code bundle/}, read by the launcher's own {@link Settings} and
 * {@link NodeFramework#bundleJars}) with the launcher's framework properties, its state in a fresh directory and
 * a {@code deploy/} holding only the metrics endpoint's port (a free one). Runs outside the framework only: the
 * tests inside reach the node through {@link NodeProbe}.
 */
final class ExamNode {

    private ExamNode() {
    }

    static Option[] options() throws IOException {
        Settings settings = Settings.load(Path.of(System.getProperty("orca.distribution")));
        Path state = Files.createTempDirectory("orca-exam-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                FileTrees.delete(state);
            } catch (IOException e) {
                System.err.println("could not delete " + state + ": " + e.getMessage());
            }
        }, "orca-exam-cleanup"));
        settings.set(Settings.ROOT, state.resolve("root").toString());
        settings.set(Settings.RUN_ROOT, state.resolve("run").toString());
        // No handler configurations but those a test makes: the distribution's deploy/ names real runtimes.
        Path deploy = Files.createDirectories(state.resolve("deploy"));
        settings.set("felix.fileinstall.dir", deploy.toString());
        // The metrics endpoint on a free port: nodes of other test runs on this machine may hold 9537.
        Files.writeString(deploy.resolve("dev.orca.metrics.cfg"), "port = 0\n");

        List<Option> options = new ArrayList<>();
        Map<String, String> properties = settings.frameworkProperties();
        // The system bundle's extra packages are the launcher's and Pax Exam's own (its API, for the probe): given as
        // options, they are joined. Pax Exam's bundles import org.slf4j [1.7,2); 2.0's API serves 1.7 callers, so
        // the system bundle offers it under both versions.
        options.add(systemPackages(properties.remove(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA).split(",")));
        options.add(systemPackage("org.slf4j;version=1.7.36"));
        properties.forEach((key, value) -> options.add(frameworkProperty(key).value(value)));
        for (Path jar : NodeFramework.bundleJars(settings)) {
            UrlProvisionOption bundle = bundle("reference:" + jar.toUri());
            // A fragment (Netty's epoll native library) is attached to its host, never started.
            options.add(isFragment(jar) ? bundle.noStart() : bundle);
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        }
    }
}
