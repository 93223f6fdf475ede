package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.testkit.MountTable;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While pods are created and removed continuously on the default handler, a handler configuration ("hot", on crun) is
 * added, changed and removed, and a runtime pack is installed, updated and uninstalled, 20 times: no pod request
 * fails, and each change
 * shows in Status within 2 seconds; once the pods are removed no mount is left. The delays are written to
 * {@code target/hot-deploy-delays.txt}, the daemon's log to {@code target/hot-deploy-daemon.log}.
 */
class HotDeployUnderLoadIT {

    static final int ROUNDS = 20;
    static final Duration SEEN_WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final Map<String, List<Long>> delays = new TreeMap<>();
    private OrcaDaemon orca;

    @Test
    void handlersAndARuntimePackComeAndGoWhilePodsChurnOnTheDefaultHandler() throws Exception {
        try (TestRegistry registry = TestRegistry.plain()) {
            PushedImage busybox = TestImages.singleLayer(registry, "load/busybox:1");
            orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()), Map.of(), List.of());
            CriPods pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
            try {
                pods.awaitDefaultHandler();
                orca.pull(busybox.reference());
                AtomicBoolean churning = new AtomicBoolean(true);
                AtomicInteger cycles = new AtomicInteger();
                List<String> failures = Collections.synchronizedList(new ArrayList<>());
                Thread churn = new Thread(() -> {
                    while (churning.get()) {
                        try {
                            PodSandboxConfig pod = pods.pod("churn-" + cycles.get(), Map.of());
                            String podId = pods.run(pod);
                            pods.createAndStart(podId, pod, pods.container("app", "app-" + cycles.get() + ".log",
                                    "/bin/sh", "-c", "exec sleep 60"));
                            pods.removePod(podId);
                            cycles.incrementAndGet();
                        } catch (Exception | AssertionError e) {
                            failures.add(java.time.Instant.now() + " " + e);
                        }
                    }
                }, "pod-churn");
                churn.start();
                Path pack = Files.list(orca.home().resolve("packs")).findFirst().orElseThrow();
                for (int round = 0; round < ROUNDS; round++) {
                    cycleHandlerConfiguration();
                    cycleRuntimePack(pack);
                }
                churning.set(false);
                churn.join(60_000);

                report(cycles.get());
                assertEquals(List.of(), failures, "no pod request fails");
                assertTrue(cycles.get() >= ROUNDS, "pods kept coming and going: " + cycles.get());
                delays.forEach((what, ms) -> assertTrue(Collections.max(ms) <= SEEN_WITHIN.toMillis(),
                        what + " took up to " + Collections.max(ms) + " ms"));
                pods.removeAll();
                assertEquals(List.of(), MountTable.pointsUnder(orca.root()),
                        "no mount is left under the daemon's root once every pod is removed");
            } finally {
                // the daemon's log outlives the test's directory: a failure here has been rare, and needs it
                Files.writeString(Path.of("target/hot-deploy-daemon.log"), orca.log());
                pods.removeAll();
                orca.close();
            }
        }
    }

    private void cycleHandlerConfiguration() throws Exception {
        Path cfg = orca.home().resolve("deploy/dev.orca.runtime.oci-hot.cfg");
        String text = "orca.runtime.handler = hot\nruntime.path = /usr/bin/crun\nmonitor.path = /usr/bin/conmon\n";
        Files.writeString(cfg, text);
        measure("handler configuration added", () -> offers("hot"));
        int before = count("runtime handler 'hot' deployed");
        Files.writeString(cfg, text + "allowed.annotations = run.oci.*\n");
        measure("handler configuration changed", () -> count("runtime handler 'hot' deployed") > before
                && offers("hot"));
        Files.delete(cfg);
        measure("handler configuration removed", () -> !offers("hot"));
    }

    private void cycleRuntimePack(Path pack) throws Exception {
        Path deployed = orca.home().resolve("deploy").resolve(pack.getFileName());
        int offered = count("offers handler \"crun-pack\"");
        Files.copy(pack, deployed, StandardCopyOption.REPLACE_EXISTING);
        measure("runtime pack installed", () -> count("offers handler \"crun-pack\"") > offered
                && offers("crun-pack"));
        int installed = count("offers handler \"crun-pack\"");
        Path update = dir.resolve("pack-update.jar");
        Files.copy(pack, update, StandardCopyOption.REPLACE_EXISTING);
        update.toFile().setLastModified(System.currentTimeMillis() + 1000);
        Files.move(update, deployed, StandardCopyOption.REPLACE_EXISTING);
        measure("runtime pack updated", () -> count("offers handler \"crun-pack\"") > installed
                && offers("crun-pack"));
        Files.delete(deployed);
        measure("runtime pack uninstalled", () -> !offers("crun-pack"));
    }

    private boolean offers(String handler) {
        return orca.runtime().status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
                .anyMatch(h -> h.getName().equals(handler));
    }

    private int count(String text) {
        return orca.log().split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    private void measure(String what, BooleanSupplier seen) throws InterruptedException {
        long started = System.nanoTime();
        while (!seen.getAsBoolean()) {
            if (System.nanoTime() - started > SEEN_WITHIN.toNanos() * 10) {
                throw new AssertionError(what + ": not seen within " + SEEN_WITHIN.multipliedBy(10) + "\n"
                        + orca.log());
            }
            Thread.sleep(20);
        }
        delays.computeIfAbsent(what, k -> new ArrayList<>()).add((System.nanoTime() - started) / 1_000_000);
    }

    private void report(int podCycles) throws Exception {
        StringBuilder text = new StringBuilder(String.format("hot deploy under load: %d rounds, %d pods created"
                + " and removed meanwhile%n%-32s %6s %6s %6s%n", ROUNDS, podCycles, "change seen in Status", "p50",
                "p90", "max"));
        delays.forEach((what, ms) -> {
            List<Long> sorted = ms.stream().sorted().toList();
            text.append(String.format("%-32s %4d ms %4d ms %4d ms%n", what, sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1), sorted.get(sorted.size() - 1)));
        });
        System.out.print(text);
        Files.writeString(Path.of("target/hot-deploy-delays.txt"), text.toString());
    }
}
