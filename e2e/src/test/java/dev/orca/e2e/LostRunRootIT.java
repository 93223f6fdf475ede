package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandbox;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node reboot under a stopped daemon: its run root is emptied while its state root stays, and what ran is gone
 * ({@link NodeReboot}). On the next start the pods are NOT_READY and their containers EXITED with a reason, each
 * call answering within seconds; they stop and remove cleanly, and new pods run.
 */
class LostRunRootIT {

    /** What "answers within a few seconds" means here. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "reboot/busybox:1");
        orca = node.orca;
        pods = node.pods;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            if (!orca.process().isAlive()) {
                orca.start(); // a failure between stop and start: the daemon removes what is left
            }
            node.close();
        }
    }

    @Test
    void podsAndContainersLostWithTheRunRootAreReportedEndedAndRemovableAndNewPodsRun() throws Exception {
        PodSandboxConfig shared = pods.pod("shared", Map.of(), NamespaceOption.newBuilder()
                .setPid(NamespaceMode.POD).build());
        String sharedPod = pods.run(shared);
        String running = pods.createAndStart(sharedPod, shared, pods.container("running", "running.log", "sleep",
                "3600"));
        PodSandboxConfig plain = pods.pod("plain", Map.of());
        String plainPod = pods.run(plain);
        String created = pods.create(plainPod, plain, "created", "created.log", "sleep", "3600");
        String finished = pods.createAndStart(plainPod, plain, pods.container("finished", "finished.log", "sh", "-c",
                "exit 3"));
        awaitState(finished, ContainerState.CONTAINER_EXITED);

        int exit = orca.terminate();
        assertTrue(exit == 0 || exit == 143, "exit code " + exit);
        NodeReboot.of(dir.resolve("run"), orca.root(), CriPods.CGROUP_PARENT);
        orca.start();
        pods.awaitDefaultHandler(); // until its handler is back a pod keeps its record's word, as after any restart

        Map<String, PodSandboxState> listed = prompt("ListPodSandbox", () -> orca.runtime()
                .listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()).stream()
                .collect(Collectors.toMap(PodSandbox::getId, PodSandbox::getState));
        assertEquals(Map.of(sharedPod, PodSandboxState.SANDBOX_NOTREADY, plainPod, PodSandboxState.SANDBOX_NOTREADY),
                listed);
        for (String pod : new String[] {sharedPod, plainPod}) {
            assertEquals(PodSandboxState.SANDBOX_NOTREADY, prompt("PodSandboxStatus", () -> orca.runtime()
                    .podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod).build()))
                    .getStatus().getState());
        }
        for (String lost : new String[] {running, created}) {
            ContainerStatus status = prompt("ContainerStatus", () -> pods.status(lost));
            assertEquals(ContainerState.CONTAINER_EXITED, status.getState(), status.toString());
            assertEquals("ContainerLost", status.getReason(), status.toString());
            assertTrue(status.getMessage().contains(lost) && status.getMessage().contains("no longer"),
                    status.getMessage());
            assertTrue(status.getFinishedAt() > 0, status.toString());
        }
        ContainerStatus exited = prompt("ContainerStatus", () -> pods.status(finished));
        assertEquals(ContainerState.CONTAINER_EXITED, exited.getState(), exited.toString());
        assertEquals(3, exited.getExitCode(), "an exit recorded before the reboot stays as it was: " + exited);
        assertTrue(prompt("ListContainers", () -> orca.runtime().listContainers(ListContainersRequest
                .getDefaultInstance()).getContainersList()).stream()
                .allMatch(c -> c.getState() == ContainerState.CONTAINER_EXITED));

        prompt("StopContainer", () -> orca.runtime().stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(running).setTimeout(10).build()));
        prompt("RemoveContainer", () -> orca.runtime().removeContainer(RemoveContainerRequest.newBuilder()
                .setContainerId(running).build()));
        for (String pod : new String[] {sharedPod, plainPod}) {
            prompt("StopPodSandbox", () -> orca.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder()
                    .setPodSandboxId(pod).build()));
            prompt("RemovePodSandbox", () -> orca.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder()
                    .setPodSandboxId(pod).build()));
        }
        assertEquals(0, orca.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount());
        assertEquals(0, orca.runtime().listContainers(ListContainersRequest.getDefaultInstance())
                .getContainersCount());
        try (var left = Files.list(orca.root().resolve("state/containers"))) {
            assertEquals(0, left.count(), "no container record is left");
        }

        PodSandboxConfig after = pods.pod("after", Map.of());
        String afterPod = pods.run(after);
        String fresh = pods.createAndStart(afterPod, after, pods.container("fresh", "fresh.log", "sleep", "3600"));
        assertEquals("hi\n", pods.output(fresh, "echo", "hi"));
        pods.removePod(afterPod);
    }

    private static void awaitState(String id, ContainerState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pods.status(id).getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + id + " never became " + state + ": " + pods.status(id));
            }
            Thread.sleep(50);
        }
    }

    /** The call's answer, failing when it took longer than {@link #PROMPT}. */
    private static <T> T prompt(String call, Supplier<T> answer) {
        long began = System.nanoTime();
        T value = answer.get();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertTrue(took.compareTo(PROMPT) <= 0, call + " took " + took.toMillis() + " ms");
        return value;
    }
}
