package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ContainerStatsRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.testkit.ProcessFootprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak: 100 pod cycles with exec, logs and stats against one daemon (run, create and start a container,
 * ExecSync, its log file read, ContainerStats, stop, remove), after 10 to warm up: the daemon holds no more
 * descriptors or threads at the end than after the warm-up. The long one, with its memory curve, is
 * {@code bench/run soak}.
 */
class SoakIT {

    static final int WARM_UP = 10;
    static final int CYCLES = Integer.getInteger("orca.soak.cycles", 100);
    /** Descriptors and threads the daemon may hold above the warm-up's at the end (a call's thread that lingers). */
    static final int SLACK = 6;

    @TempDir
    Path dir;

    @Test
    void podCyclesWithExecLogsAndStatsLeaveNoDescriptorOrThreadBehind() throws Exception {
        Path nodeDir = dir.resolve("node");
        try (BusyboxNode node = BusyboxNode.start(nodeDir, "soak/busybox:1")) {
            NodeLeftovers clean = NodeLeftovers.under(nodeDir, node.orca);
            for (int i = 0; i < WARM_UP; i++) {
                cycle(node, i);
            }
            long pid = node.orca.process().pid();
            ProcessFootprint warm = ProcessFootprint.of(pid);
            List<ProcessFootprint> curve = new ArrayList<>(List.of(warm));
            for (int i = 0; i < CYCLES; i++) {
                cycle(node, WARM_UP + i);
                if ((i + 1) % 25 == 0) {
                    curve.add(ProcessFootprint.of(pid));
                }
            }
            ProcessFootprint end = settled(pid, warm);
            System.out.printf("soak (%d cycles after %d): %s%n", CYCLES, WARM_UP, curve);
            assertTrue(end.descriptors() <= warm.descriptors() + SLACK, "descriptors: " + warm + " -> " + end);
            assertTrue(end.threads() <= warm.threads() + SLACK, "threads: " + warm + " -> " + end);
            assertEquals(List.of(), NodeLeftovers.under(nodeDir, node.orca).since(clean), "left behind");
        }
    }

    /** One pod's life; every answer is checked. */
    private static void cycle(BusyboxNode node, int n) throws Exception {
        CriPods pods = node.pods;
        PodSandboxConfig pod = pods.pod("soak", Map.of());
        String podId = pods.run(pod);
        String line = "soak cycle " + n;
        String id = pods.createAndStart(podId, pod, pods.container("app", "app.log", "/bin/sh", "-c",
                "echo '" + line + "'; exec sleep 600"));
        assertEquals("exec " + n + "\n", pods.output(id, "echo", "exec " + n));
        Path log = Path.of(pod.getLogDirectory(), "app.log");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains(" stdout F " + line))) {
            assertTrue(System.nanoTime() < deadline, "the log " + log + " never held \"" + line + "\"");
            Thread.sleep(50);
        }
        var runtime = node.orca.runtime();
        assertTrue(runtime.containerStats(ContainerStatsRequest.newBuilder().setContainerId(id).build()).getStats()
                .getMemory().getWorkingSetBytes().getValue() > 0, "a working set");
        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build());
        pods.removePod(podId);
    }

    /** The footprint once descriptors and threads are back within the slack, or after 15 s. */
    private static ProcessFootprint settled(long pid, ProcessFootprint warm) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        ProcessFootprint now = ProcessFootprint.of(pid);
        while (System.nanoTime() < deadline && (now.descriptors() > warm.descriptors() + SLACK
                || now.threads() > warm.threads() + SLACK)) {
            Thread.sleep(250);
            now = ProcessFootprint.of(pid);
        }
        return now;
    }
}
