package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped handlers side by side: pods on runc, crun and runsc (gVisor) at once, each container really run by its
 * runtime; handlers named by RuntimeClass, the default for none, unknown and unavailable ones refused.
 */
class RuntimeHandlersIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "handlers/busybox:1");
        orca = node.orca;
        pods = node.pods;
        orca.awaitHandlers(Set.of("runc", "crun", "runsc"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    static Set<String> offered() {
        return orca.offeredHandlers();
    }

    String runOn(String handler, PodSandboxConfig config) {
        return orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
                .setRuntimeHandler(handler).build()).getPodSandboxId();
    }

    /** Whether the runtime's own state (under the handler's runtime root) knows the container. */
    static boolean runtimeKnows(String runtime, String handler, String containerId) throws Exception {
        Path root = dir.resolve("run/runtimes/" + handler + "/root");
        Process state = new ProcessBuilder(runtime, "--root", root.toString(), "state", containerId)
                .redirectErrorStream(true).start();
        String out = new String(state.getInputStream().readAllBytes());
        return state.waitFor() == 0 && out.contains("\"running\"");
    }

    @Test
    void podsOnRuncCrunAndRunscRunSideBySideEachOnItsRuntime() throws Exception {
        Map<String, String> runtimes = Map.of("runc", "/usr/sbin/runc", "crun", "/usr/bin/crun",
                "runsc", "/usr/bin/runsc");
        Map<String, String> containers = new java.util.TreeMap<>();
        List<String> podIds = new java.util.ArrayList<>();
        for (String handler : List.of("runc", "crun", "runsc")) {
            PodSandboxConfig config = pods.pod("on-" + handler, Map.of());
            String podId = runOn(handler, config);
            podIds.add(podId);
            assertEquals(handler, orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(podId).build()).getStatus().getRuntimeHandler());
            containers.put(handler, pods.createAndStart(podId, config, pods.container("app", handler + ".log",
                    "/bin/sh", "-c", "exec sleep 300")));
        }
        String hostKernel = Files.readString(Path.of("/proc/version")).strip();
        for (var entry : containers.entrySet()) {
            String handler = entry.getKey();
            String id = entry.getValue();
            String version = pods.output(id, "cat", "/proc/version").strip();
            if (handler.equals("runsc")) {
                assertNotEquals(hostKernel, version, "gVisor shows its own kernel");
                assertTrue(pods.output(id, "dmesg").contains("gVisor"), "gVisor's own kernel log");
            } else {
                assertEquals(hostKernel, version, handler + " runs on the host's kernel");
            }
            for (var runtime : runtimes.entrySet()) {
                if (!runtime.getKey().equals("runsc") || handler.equals("runsc")) {
                    assertEquals(runtime.getKey().equals(handler), runtimeKnows(runtime.getValue(), handler, id),
                            runtime.getKey() + " state of the container on " + handler);
                }
            }
            assertFalse(handler.equals("runc") && runtimeKnows("/usr/bin/crun", "runc", id));
        }
        podIds.forEach(pods::removePod);
    }

    @Test
    void podsNamingNoHandlerRunOnCrunWhereItIsInstalledAndOnRuncWhereItIsNot() throws Exception {
        assertEquals("crun", defaultPodHandler(), "the shipped default where crun is installed");

        Path crun = orca.home().resolve("deploy/dev.orca.runtime.oci-crun.cfg");
        String shipped = Files.readString(crun);
        Files.writeString(crun, shipped.replace("runtime.path = /usr/bin/crun", "runtime.path = /usr/bin/no-crun"));
        try {
            awaitDefault("runc");
            String handlers = orca.handlerInfo().toString();
            assertTrue(handlers.contains("\"crun\":{\"default\":false,\"defaultCandidate\":true,\"offered\":false"),
                    handlers);
            assertEquals("runc", defaultPodHandler(), "runc, the other default candidate, where crun is missing");
        } finally {
            Files.writeString(crun, shipped);
        }
        awaitDefault("crun");
        assertEquals("crun", defaultPodHandler(), "crun again once it is there");
    }

    /** Runs a pod naming no handler and a container in it, and answers the handler it ran on. */
    private String defaultPodHandler() throws Exception {
        PodSandboxConfig config = pods.pod("default", Map.of());
        String podId = pods.run(config);
        try {
            String id = pods.createAndStart(podId, config, pods.container("app", "default.log", "/bin/sh", "-c",
                    "exec sleep 300"));
            String handler = pods.handlerOf(podId);
            assertTrue(runtimeKnows(handler.equals("crun") ? "/usr/bin/crun" : "/usr/sbin/runc", handler, id),
                    "run by " + handler + "'s runtime");
            return handler;
        } finally {
            pods.removePod(podId);
        }
    }

    private static void awaitDefault(String handler) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!orca.defaultHandler().equals(java.util.Optional.of(handler))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the default never became " + handler + ": " + orca.handlerInfo());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anUnknownHandlerIsRefusedListingTheAvailableOnes() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> runOn("kata", pods.pod("nowhere", Map.of())));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("runtime handler 'kata' is not known; available: crun,"
                + " runc, runsc"), e.getStatus().getDescription());
    }

    @Test
    void aHandlerWhoseBinaryIsMissingIsNotOfferedAndStatusSaysWhy() throws Exception {
        orca.configure("dev.orca.runtime.oci-ghost", Map.of("orca.runtime.handler", "ghost",
                "runtime.path", "/usr/bin/no-such-runtime", "monitor.path", "/usr/bin/conmon"));
        orca.awaitLog("runtime handler \"ghost\" is not offered", java.time.Duration.ofSeconds(10));
        try {
            assertFalse(offered().contains("ghost"));
            String info = orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build())
                    .getInfoOrThrow("handlers");
            assertTrue(info.contains("\"ghost\":{\"default\":false,\"defaultCandidate\":false,\"offered\":false,\"reason\":"
                    + "\"runtime binary /usr/bin/no-such-runtime does not exist"), info);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> runOn("ghost", pods.pod("ghostly", Map.of())));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("/usr/bin/no-such-runtime"), e.getMessage());
        } finally {
            Files.delete(orca.home().resolve("deploy/dev.orca.runtime.oci-ghost.cfg"));
        }
    }
}
