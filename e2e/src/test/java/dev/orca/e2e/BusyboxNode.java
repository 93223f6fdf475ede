package dev.orca.e2e;

import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What most end-to-end tests stand on: a plain test registry holding one busybox image, a daemon that pulls from it
 * and has pulled it, and the pod helper, its default handler offered.
 */
final class BusyboxNode implements AutoCloseable {

    final TestRegistry registry;
    final PushedImage busybox;
    final OrcaDaemon orca;
    final CriPods pods;

    private BusyboxNode(TestRegistry registry, PushedImage busybox, OrcaDaemon orca, CriPods pods) {
        this.registry = registry;
        this.busybox = busybox;
        this.orca = orca;
        this.pods = pods;
    }

    /** Starts it in {@code dir}, the image pushed as {@code repository} (such as {@code "pods/busybox:1"}). */
    static BusyboxNode start(Path dir, String repository) throws Exception {
        return start(dir, repository, Map.of());
    }

    /**
     * Starts it with further configurations dropped into deploy/ before the start (PID to properties), pulling also
     * from {@code otherHosts}.
     */
    static BusyboxNode start(Path dir, String repository, Map<String, Map<String, String>> configurations,
            String... otherHosts) throws Exception {
        return start(dir, repository, configurations, registry -> "", otherHosts);
    }

    /**
     * Starts it with the text {@code moreRegistries} makes of the test registry appended to registries.conf (say, the
     * registry as a mirror of Docker Hub).
     */
    static BusyboxNode start(Path dir, String repository, Map<String, Map<String, String>> configurations,
            java.util.function.Function<TestRegistry, String> moreRegistries, String... otherHosts) throws Exception {
        TestRegistry registry = TestRegistry.plain();
        OrcaDaemon orca = null;
        try {
            PushedImage busybox = TestImages.singleLayer(registry, repository);
            orca = new OrcaDaemon(dir);
            for (var configuration : configurations.entrySet()) {
                orca.configure(configuration.getKey(), configuration.getValue());
            }
            Path registries = Files.writeString(dir.resolve("registries.conf"), OrcaDaemon.insecure(
                    Stream.concat(Stream.of(registry.host()), Stream.of(otherHosts)).toArray(String[]::new))
                    + moreRegistries.apply(registry));
            orca.configure("dev.orca.image", Map.of("registries.conf", registries.toString()));
            orca.start();
            orca.awaitLog("registries from " + registries, Duration.ofSeconds(30));
            CriPods pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
            pods.awaitDefaultHandler();
            orca.pull(busybox.reference());
            return new BusyboxNode(registry, busybox, orca, pods);
        } catch (Exception | AssertionError e) {
            if (orca != null) {
                orca.close();
            }
            registry.close();
            throw e;
        }
    }

    /** Removes the pods left, stops the daemon and the registry. */
    @Override
    public void close() throws Exception {
        try {
            pods.removeAll();
        } finally {
            orca.close();
            registry.close();
        }
    }
}
