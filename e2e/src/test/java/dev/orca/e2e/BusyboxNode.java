package dev.orca.e2e;

import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        TestRegistry registry = TestRegistry.plain();
        OrcaDaemon orca = null;
        try {
            PushedImage busybox = TestImages.singleLayer(registry, repository);
            orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()), Map.of(), List.of());
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
