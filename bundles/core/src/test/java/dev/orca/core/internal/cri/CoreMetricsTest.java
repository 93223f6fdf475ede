package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreMetricsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path root;
    private final RuntimeHandlerRegistry handlers = new RuntimeHandlerRegistry();
    private NodeState state;
    private CoreMetrics metrics;

    @BeforeEach
    void node() throws IOException {
        state = new NodeState(root);
        metrics = new CoreMetrics("1.2.3", state, handlers);
    }

    private MetricFamily family(String name) {
        return metrics.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static ContainerState exited(String id, String reason) {
        return new ContainerState(id, ContainerState.Phase.EXITED, 0, 137, T0, T0, T0, reason, "");
    }

    private static ContainerState running(String id) {
        return new ContainerState(id, ContainerState.Phase.RUNNING, 42, -1, T0, T0, null, "", "");
    }

    private static ContainerRecord container(String id, String handler, ContainerState last) {
        return new ContainerRecord(id, "pod", "c-" + id, 0, "busybox", "img", "img", handler, null, Map.of(),
                Map.of(), List.of(), T0, last, null, false);
    }

    private static PodRecord pod(String id, String handler, PodRecord.Phase phase) {
        SandboxRequest request = new SandboxRequest(id, "p-" + id, "default", "uid-" + id, 0, "p", "", List.of(),
                List.of(), List.of(), NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD, "", Map.of(),
                List.of(), List.of(), Map.of(), Map.of());
        return new PodRecord(request, null, handler, phase, T0, List.of());
    }

    @Test
    void anOomKillCountsOncePerContainer() {
        CounterFamily oom = (CounterFamily) family("orca_container_oom_kills_total");
        ContainerRecord c = container("a", "runc", running("a"));
        metrics.stateChanged(c, exited("a", ContainerState.OOM_KILLED));
        metrics.stateChanged(c.withState(exited("a", ContainerState.OOM_KILLED)), exited("a", "OOMKilled"));
        assertEquals(1, oom.value("runc"));
        // an exit found after a restart: the record still says running, or says nothing yet
        metrics.stateChanged(container("b", "vm", null), exited("b", ContainerState.OOM_KILLED));
        assertEquals(1, oom.value("vm"));
        metrics.stateChanged(container("c", "runc", running("c")), exited("c", "Error"));
        assertEquals(1, oom.value("runc"));
    }

    @Test
    void aStartIsTimedFromCreateToStart() {
        HistogramFamily starts = (HistogramFamily) family("orca_container_start_duration_seconds");
        metrics.createArrived("a", System.nanoTime() - 2_000_000_000L);
        metrics.started("a", "runc");
        metrics.started("a", "runc");
        metrics.started("unknown", "runc");
        metrics.createArrived("b", System.nanoTime());
        metrics.removed("b");
        metrics.started("b", "runc");
        HistogramFamily.HistogramSample s = starts.samples().get(0);
        assertEquals(List.of("runc"), s.labelValues());
        assertEquals(1, s.count());
        assertTrue(s.sum() >= 2 && s.sum() < 60, "took " + s.sum());
    }

    @Test
    void callsAreCountedByMethodAndCode() {
        metrics.served("Version", "OK", 1_000_000);
        metrics.served("Version", "OK", 1_000_000);
        metrics.served("StartContainer", "NOT_FOUND", 3_000_000);
        CounterFamily calls = (CounterFamily) family("orca_cri_operations_total");
        assertEquals(2, calls.value("Version", "OK"));
        assertEquals(1, calls.value("StartContainer", "NOT_FOUND"));
        HistogramFamily durations = (HistogramFamily) family("orca_cri_operation_duration_seconds");
        assertEquals(Set.of(2L, 1L), Set.copyOf(durations.samples().stream().map(h -> h.count()).toList()));
    }

    @Test
    void containersAndPodsAreCountedByStateAndHandlerAtEachRead() throws IOException {
        GaugeFamily containers = (GaugeFamily) family("orca_containers");
        GaugeFamily pods = (GaugeFamily) family("orca_pods");
        assertEquals(List.of(), containers.samples());
        state.putContainer(container("a", "runc", running("a")));
        state.putContainer(container("b", "runc", running("b")));
        state.putContainer(container("c", "vm", exited("c", "Completed")));
        state.putPod(pod("p1", "runc", PodRecord.Phase.READY));
        state.putPod(pod("p2", "runc", PodRecord.Phase.NOT_READY));
        state.putPod(pod("p3", "runc", PodRecord.Phase.CREATING));
        assertEquals(Set.of(new Sample(List.of("CONTAINER_RUNNING", "runc"), 2),
                new Sample(List.of("CONTAINER_EXITED", "vm"), 1)), Set.copyOf(containers.samples()));
        assertEquals(Set.of(new Sample(List.of("SANDBOX_READY", "runc"), 1),
                new Sample(List.of("SANDBOX_NOTREADY", "runc"), 1)), Set.copyOf(pods.samples()));
    }

    @Test
    void handlersAreUpOrDown() {
        RuntimeHandlerRegistryAccess.bind(handlers, new DescribedHandler("runc"), "runc", true, 1);
        RuntimeHandlerRegistryAccess.bind(handlers, new DescribedHandler("vm") {
            @Override
            public Optional<String> unavailability() {
                return Optional.of("no qemu");
            }
        }, "vm", false, 2);
        assertEquals(Set.of(Sample.of(1, "runc"), Sample.of(0, "vm")),
                Set.copyOf(((GaugeFamily) family("orca_runtime_handler_up")).samples()));
        assertEquals(List.of(Sample.of(1, "1.2.3")), ((GaugeFamily) family("orca_build_info")).samples());
    }
}
