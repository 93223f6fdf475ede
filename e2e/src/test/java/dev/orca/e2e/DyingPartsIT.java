package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListImagesRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.e2e.CraftedRegistry.Delivery;
import dev.orca.e2e.CraftedRegistry.Tar;
import dev.orca.e2e.CraftedRegistry.Vanishing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts of the node that die or vanish under running pods: a container's conmon killed, the handler's runtime binary
 * moved away and back, a CNI plug-in that hangs on DEL, a registry that goes away in the middle of a manifest or a
 * token reply. Each is answered clearly, and nothing is left behind once it is over.
 */
class DyingPartsIT {

    @TempDir
    static Path dir;
    static CraftedRegistry crafted;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        crafted = new CraftedRegistry();
        node = BusyboxNode.start(dir, "parts/busybox:1", Map.of(), crafted.host());
        orca = node.orca;
        pods = node.pods;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (crafted != null) {
            crafted.close();
        }
    }

    // --- a container's conmon killed

    @Test
    void aContainerWhoseConmonIsKilledRunsOnEndsAsExitedAndIsStoppedAndRemovedLeavingNothing() throws Exception {
        PodSandboxConfig config = pods.pod("orphaned", Map.of());
        String podId = pods.run(config);
        String handler = pods.handlerOf(podId); // the default: crun where it is installed
        String quiet = pods.createAndStart(podId, config, pods.container("quiet", "quiet.log", "/bin/sh", "-c",
                "echo started; while [ ! -e /tmp/end ]; do sleep 0.2; done"));
        String sleeper = pods.createAndStart(podId, config, pods.container("sleeper", "sleeper.log", "/bin/sh", "-c",
                "echo started; exec sleep 600"));
        Path quietLog = Path.of(config.getLogDirectory(), "quiet.log");
        await(() -> Files.exists(quietLog) && Files.readString(quietLog).contains("stdout F started"));
        long quietPid = containerPid(handler, quiet);
        long sleeperPid = containerPid(handler, sleeper);

        killConmonOf(handler, quiet);
        killConmonOf(handler, sleeper);

        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(quiet).getState(), "it runs on without conmon");
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(sleeper).getState());
        assertEquals("hi\n", pods.output(quiet, "echo", "hi"), "exec needs no conmon");

        pods.exec(quiet, "touch", "/tmp/end");
        ContainerStatus ended = awaitState(quiet, ContainerState.CONTAINER_EXITED);
        assertEquals(255, ended.getExitCode(), "unknown: only conmon could have read it");
        assertTrue(ended.getMessage().contains("conmon") && ended.getMessage().contains("exit code is unknown"),
                ended.getMessage());
        assertTrue(ended.getFinishedAt() > 0, ended.toString());
        assertTrue(Files.readString(quietLog).contains("stdout F started"), "the log written before stays");

        long asked = System.nanoTime();
        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(sleeper).setTimeout(1).build());
        assertTrue(System.nanoTime() - asked < 8_000_000_000L, "stopped within the timeout and SIGKILL's wait");
        assertEquals(ContainerState.CONTAINER_EXITED, pods.status(sleeper).getState());

        pods.removePod(podId);

        for (long pid : List.of(quietPid, sleeperPid)) {
            await(() -> ProcessHandle.of(pid).isEmpty());
        }
        for (String id : List.of(quiet, sleeper)) {
            assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory" + CriPods.CGROUP_PARENT + "/pod"
                    + config.getMetadata().getUid() + "/orca-" + id)), "the container's cgroup is gone");
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "no mount is left");
            assertFalse(Files.exists(bundle(handler, id)), "no state is left");
        }
    }

    // --- a created container's process killed before StartContainer

    @Test
    void aCreatedContainerWhoseProcessDiesBeforeItsStartIsRefusedSayingHowAndIsRemovedLeavingNothing()
            throws Exception {
        PodSandboxConfig config = pods.pod("died-before-start", Map.of());
        String podId = pods.run(config);
        String handler = pods.handlerOf(podId);
        String app = pods.create(podId, config, pods.container("app", "app.log", "/bin/sh", "-c", "exec sleep 600"));
        long pid = containerPid(handler, app);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitState(app, ContainerState.CONTAINER_EXITED);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> pods.start(app));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode(), refused.getMessage());
        String said = refused.getStatus().getDescription();
        assertTrue(said.startsWith("container " + app + " cannot start: it is EXITED (exit code 137,")
                && said.endsWith(", never started)"), said);
        assertEquals(ContainerState.CONTAINER_EXITED, pods.status(app).getState(), "the refusal changed nothing");

        pods.removePod(podId);

        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(app), "no mount is left");
        assertFalse(Files.exists(bundle(handler, app)), "no state is left");
        assertTrue(orca.runtime().listContainers(ListContainersRequest.newBuilder().build()).getContainersList()
                .stream().noneMatch(c -> c.getId().equals(app)), "the container is gone");
    }

    private static Path bundle(String handler, String containerId) {
        return dir.resolve("run/runtimes/" + handler + "/containers/" + containerId);
    }

    private static long containerPid(String handler, String containerId) throws IOException {
        return Long.parseLong(Files.readString(bundle(handler, containerId).resolve("pidfile")).strip());
    }

    private static void killConmonOf(String handler, String containerId) throws Exception {
        long pid = Long.parseLong(Files.readString(bundle(handler, containerId).resolve("conmon.pid")).strip());
        ProcessHandle conmon = ProcessHandle.of(pid).orElseThrow();
        assertTrue(conmon.info().command().orElse("").endsWith("conmon"), conmon.info().toString());
        conmon.destroyForcibly();
        await(() -> !conmon.isAlive());
    }

    private static ContainerStatus awaitState(String containerId, ContainerState state) throws Exception {
        await(() -> pods.status(containerId).getState() == state);
        return pods.status(containerId);
    }

    // --- the runtime binary moved away while pods run

    @Test
    void aRuntimeBinaryMovedAwayFailsCallsNamingTheHandlerShowsUnavailableAndHealsWhenItReturns() throws Exception {
        Path runtime = Files.copy(Path.of("/usr/sbin/runc"), Files.createDirectories(dir.resolve("bin"))
                .resolve("runc"), StandardCopyOption.COPY_ATTRIBUTES);
        Path away = runtime.resolveSibling("runc.away");
        orca.configure("dev.orca.runtime.oci-copy", Map.of("orca.runtime.handler", "runc-copy",
                "runtime.path", runtime.toString(), "monitor.path", "/usr/bin/conmon"));
        try {
            orca.awaitHandlers(Set.of("runc-copy"));
            PodSandboxConfig config = pods.pod("on-copy", Map.of());
            String podId = orca.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config)
                    .setRuntimeHandler("runc-copy").build()).getPodSandboxId();
            String app = pods.createAndStart(podId, config, pods.container("app", "app.log", "/bin/sh", "-c",
                    "exec sleep 600"));

            Files.move(runtime, away);

            String missing = "runtime binary " + runtime + " does not exist or is not executable";
            String handlers = orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build())
                    .getInfoOrThrow("handlers");
            assertTrue(handlers.contains("\"runc-copy\":{\"default\":false,\"defaultCandidate\":false,\"offered\":false,\"reason\":\""
                    + missing), handlers);
            assertFalse(orca.offeredHandlers().contains("runc-copy"));
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(app).getState(), "its state is still known");
            String refused = "runtime handler 'runc-copy' is not available: " + missing;
            for (Runnable call : List.<Runnable>of(() -> pods.exec(app, "true"),
                    () -> orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(app)
                            .setTimeout(1).build()),
                    () -> orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId)
                            .build()),
                    () -> orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder()
                            .setPodSandboxId(podId).build()))) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
                assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.getMessage());
                assertTrue(e.getStatus().getDescription().startsWith(refused), e.getStatus().getDescription());
            }
            assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(app).getState(), "nothing was half-done");

            Files.move(away, runtime);

            orca.awaitHandlers(Set.of("runc-copy"));
            assertEquals("back\n", pods.output(app, "echo", "back"));
            pods.removePod(podId);
            assertFalse(Files.exists(bundle("runc-copy", app)));
        } finally {
            if (Files.exists(away)) {
                Files.move(away, runtime);
            }
            pods.removePods();
            Files.delete(orca.home().resolve("deploy/dev.orca.runtime.oci-copy.cfg"));
        }
    }

    // --- a CNI plug-in that hangs on DEL

    @Test
    void aCniPluginThatHangsOnDelIsKilledAfterItsTimeoutOnceForAllRetriesAndThePodGoesOnceItBehaves()
            throws Exception {
        Path hangFlag = dir.resolve("del-hangs");
        Path plugin = orca.pluginDir().resolve("orca-test-hangs-on-del");
        Files.writeString(plugin, "#!/bin/sh\nif [ \"$CNI_COMMAND\" = DEL ] && [ -e " + hangFlag + " ]; then\n"
                + "  sleep 601\nfi\nif [ \"$CNI_COMMAND\" = ADD ]; then\n  echo '{\"cniVersion\":\"1.0.0\"}'\nfi\n");
        plugin.toFile().setExecutable(true);
        Path conflist = orca.network().confDir().resolve("00-parts.conflist");
        Files.writeString(conflist, orca.network().conflist("").replace("\"name\": \"e2e\"", "\"name\": \"parts\"")
                .replace("\"plugins\": [", "\"plugins\": [{\"type\": \"orca-test-hangs-on-del\"},"));
        ExecutorService kubelet = Executors.newFixedThreadPool(3);
        try {
            orca.awaitLog("CNI network 'parts'", Duration.ofSeconds(10));
            PodSandboxConfig config = pods.pod("hung-del", Map.of());
            String podId = pods.run(config);
            Files.createFile(hangFlag);

            long asked = System.nanoTime();
            List<Future<?>> stops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stops.add(kubelet.submit(() -> orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder()
                        .setPodSandboxId(podId).build())));
            }
            int mostAtOnce = 0;
            while (stops.stream().anyMatch(f -> !f.isDone())) {
                mostAtOnce = Math.max(mostAtOnce, processes("sleep 601"));
                Thread.sleep(100);
            }
            long tookMillis = (System.nanoTime() - asked) / 1_000_000;

            // the calls take turns (StopPodSandbox has its pod to itself), each killing its DEL after the timeout
            assertEquals(1, mostAtOnce, "the hung plug-in never ran twice at once for the three StopPodSandbox calls");
            assertTrue(tookMillis < 45_000, "three calls answered, each within the plug-in timeout (10 s) of its turn,"
                    + " not never: " + tookMillis);
            for (Future<?> stop : stops) {
                var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> stop.get(1, TimeUnit.SECONDS));
                String description = ((StatusRuntimeException) failure.getCause()).getStatus().getDescription();
                assertTrue(description.contains("pod " + podId + ": CNI DEL of plug-in 'orca-test-hangs-on-del'"
                        + " (network 'parts')") && description.contains("did not finish within 10 s and was killed"),
                        description);
            }
            assertEquals(0, processes("sleep 601"), "the hung plug-in was killed with its children");

            Files.delete(hangFlag);
            pods.removePod(podId);

            assertEquals("", orca.network().bridgePorts(), "no veth is left on the bridge");
        } finally {
            kubelet.shutdownNow();
            Files.deleteIfExists(hangFlag);
            pods.removePods();
            Files.delete(conflist);
        }
    }

    /** How many processes have {@code text} in their command line. */
    private static int processes(String text) {
        return (int) ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(text))
                .count();
    }

    // --- the registry vanishing in the middle of a manifest or a token reply

    @Test
    void aRegistryThatVanishesInTheMiddleOfAManifestOrATokenReplyFailsThePullAsUnavailableAndStoresNothing()
            throws Exception {
        String reference = crafted.publish("parts/vanishing", new Tar().file("a", "content").bytes(), Delivery.WHOLE);
        List<Path> layersBefore = storedLayers();
        int imagesBefore = images();

        crafted.vanish("parts/vanishing", Vanishing.IN_MANIFEST);
        String inManifest = pullFails(reference);
        assertTrue(inManifest.contains("registry " + crafted.host() + " closed the connection in the middle of"
                + " manifest 1 (after "), inManifest);

        crafted.vanish("parts/vanishing", Vanishing.IN_TOKEN);
        String inToken = pullFails(reference);
        assertTrue(inToken.contains("the token service http://" + crafted.host() + "/token of registry "
                + crafted.host() + " closed the connection in the middle of its reply (after 2006 of 4012 bytes)"),
                inToken);

        assertEquals(imagesBefore, images(), "no image is stored");
        assertEquals(layersBefore, storedLayers(), "no layer is stored");

        crafted.vanish("parts/vanishing", null);
        String id = orca.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build()).getImageRef();
        assertTrue(id.startsWith("sha256:"), id);
        orca.images().removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(id))
                .build());
    }

    /** Pulls, expecting UNAVAILABLE naming the image; returns the description. */
    private static String pullFails(String reference) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> orca.images().pullImage(
                PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference)).build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getMessage());
        String description = e.getStatus().getDescription();
        assertTrue(description.contains(reference), description);
        return description;
    }

    private static int images() {
        return orca.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesCount();
    }

    private static List<Path> storedLayers() throws IOException {
        Path layers = orca.root().resolve("storage/overlay/layers");
        try (Stream<Path> entries = Files.list(layers)) {
            return entries.sorted().toList();
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s:\n" + orca.log());
            }
            Thread.sleep(100);
        }
    }
}
