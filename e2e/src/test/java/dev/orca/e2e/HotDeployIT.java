package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers come and go on a live node: a handler configuration edited, deleted and restored, and the runtime
 * bundle itself installed from deploy/, updated and uninstalled, while containers of that handler keep running and
 * are picked up again. Each change must show within 2 seconds.
 */
class HotDeployIT {

    static final Duration SEEN_WITHIN = Duration.ofSeconds(2);
    static TestRegistry registry;
    static PushedImage busybox;

    @TempDir
    Path dir;
    OrcaDaemon orca;
    CriPods pods;

    @BeforeAll
    static void images() throws Exception {
        registry = TestRegistry.plain();
        busybox = TestImages.singleLayer(registry, "hot/busybox:1");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (orca != null) {
            pods.removeAll();
            orca.close();
        }
    }

    private void start(List<String> options) throws Exception {
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(registry.host()), Map.of(), options);
        pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        orca.pull(busybox.reference());
    }

    private boolean offers(String handler) {
        return orca.runtime().status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList().stream()
                .anyMatch(h -> h.getName().equals(handler));
    }

    /** Waits for {@code condition}; returns how long it took, failing past {@code SEEN_WITHIN} (and a margin). */
    static Duration seen(String what, BooleanSupplier condition) throws InterruptedException {
        long started = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - started > SEEN_WITHIN.toNanos() * 5) {
                throw new AssertionError(what + " not seen within " + SEEN_WITHIN.multipliedBy(5));
            }
            Thread.sleep(20);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("hot deploy: " + what + " seen after " + took.toMillis() + " ms");
        assertTrue(took.compareTo(SEEN_WITHIN) <= 0, what + " took " + took.toMillis() + " ms");
        return took;
    }

    private String runOn(String handler, PodSandboxConfig config) {
        return orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
                .setRuntimeHandler(handler).build()).getPodSandboxId();
    }

    private boolean runtimeSaysRunning(String runtime, String handler, String id) throws Exception {
        Process state = new ProcessBuilder(runtime, "--root", dir.resolve("run/runtimes/" + handler + "/root")
                .toString(), "state", id).redirectErrorStream(true).start();
        String out = new String(state.getInputStream().readAllBytes());
        return state.waitFor() == 0 && out.contains("\"running\"");
    }

    private String annotationsOf(String handler, String id) throws Exception {
        return Files.readString(dir.resolve("run/runtimes/" + handler + "/containers/" + id + "/config.json"));
    }

    @Test
    void aHandlerConfigurationIsEditedDeletedAndRestoredWhileItsContainersRunOn() throws Exception {
        start(List.of());
        Path cfg = orca.home().resolve("deploy/dev.orca.runtime.oci-crun.cfg");
        String shipped = Files.readString(cfg);
        seen("crun offered", () -> offers("crun"));
        PodSandboxConfig pod = pods.pod("hot", Map.of());
        String podId = runOn("crun", pod);
        ContainerConfig.Builder tagged = pods.container("before", "before.log", "/bin/sh", "-c", "exec sleep 300")
                .putAnnotations("run.oci.keep_original_groups", "1");
        String before = pods.createAndStart(podId, pod, tagged);
        assertFalse(annotationsOf("crun", before).contains("run.oci.keep_original_groups"),
                "withheld: not an allowed annotation yet");

        int activations = orca.log().split("runtime handler \"crun\": ", -1).length;
        Files.writeString(cfg, shipped + "allowed.annotations = run.oci.keep_original_groups\n");
        seen("crun reconfigured", () -> orca.log().split("runtime handler \"crun\": ", -1).length > activations
                && offers("crun"));
        String after = pods.createAndStart(podId, pod, tagged.setMetadata(tagged.getMetadata().toBuilder()
                .setName("after")).setLogPath("after.log"));
        assertTrue(annotationsOf("crun", after).contains("run.oci.keep_original_groups"), "new containers see it");
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(before).getState(), "the old one is still reached");

        Files.delete(cfg);
        seen("crun withdrawn", () -> !offers("crun"));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> runOn("crun", pods.pod("refused", Map.of())));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        StatusRuntimeException away = assertThrows(StatusRuntimeException.class, () -> pods.status(before));
        assertEquals(Status.Code.UNAVAILABLE, away.getStatus().getCode());
        assertEquals("runtime handler 'crun' is not deployed", away.getStatus().getDescription());
        assertTrue(runtimeSaysRunning("/usr/bin/crun", "crun", before), "its containers keep running");
        assertTrue(runtimeSaysRunning("/usr/bin/crun", "crun", after));

        Files.writeString(cfg, shipped);
        seen("crun back", () -> offers("crun"));
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(before).getState());
        assertEquals("back\n", pods.output(after, "echo", "back"));
        pods.removePod(podId);
    }

    @Test
    void theRuntimeBundleDroppedIntoDeployIsUpdatedAndUninstalledWhileContainersRunOn() throws Exception {
        start(List.of("--features", "core,shell,images,storage-overlay,network-cni"));
        assertFalse(offers("runc"));
        Path bundles = orca.home().resolve("bundle");
        List<Path> runtimeBundle;
        try (var files = Files.list(bundles)) {
            runtimeBundle = files.filter(f -> f.getFileName().toString().matches(
                    "(jna|orca-os|orca-isolation|orca-runc-runtime)-.*\\.jar")).sorted().collect(Collectors.toList());
        }
        assertEquals(4, runtimeBundle.size(), runtimeBundle.toString());
        for (Path jar : runtimeBundle) {
            Files.copy(jar, orca.home().resolve("deploy").resolve(jar.getFileName()));
        }
        seen("runc offered after the bundle was dropped", () -> offers("runc"));
        PodSandboxConfig pod = pods.pod("survivor", Map.of());
        String podId = runOn("runc", pod);
        String id = pods.createAndStart(podId, pod, pods.container("app", "app.log", "/bin/sh", "-c",
                "exec sleep 300"));

        Path jar = orca.home().resolve("deploy").resolve(runtimeBundle.stream().filter(p -> p.getFileName()
                .toString().startsWith("orca-runc-runtime")).findFirst().orElseThrow().getFileName());
        int starts = orca.log().split("runtime handler 'runc' deployed", -1).length;
        Path update = dir.resolve("update.jar");
        Files.copy(jar, update);
        update.toFile().setLastModified(System.currentTimeMillis() + 5000);
        Files.move(update, jar, StandardCopyOption.REPLACE_EXISTING);
        seen("runc redeployed after the bundle update",
                () -> orca.log().split("runtime handler 'runc' deployed", -1).length > starts && offers("runc"));
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState(), "kept running over the update");

        Path away = dir.resolve(jar.getFileName());
        Files.move(jar, away);
        seen("runc withdrawn after the bundle was uninstalled", () -> !offers("runc"));
        assertTrue(runtimeSaysRunning("/usr/sbin/runc", "runc", id), "the container runs on without its bundle");

        Files.move(away, jar);
        seen("runc back with its bundle", () -> offers("runc"));
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(id).getState(), "picked up again");
        assertEquals("still here\n", pods.output(id, "echo", "still here"));
        pods.removePod(podId);
    }
}
