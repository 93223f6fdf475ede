package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.ContainerState;
import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the core knows, as metrics: CRI calls and their latency, container starts, OOM kills, and (read at scrape
 * time from the node's state and the handler registry) containers and pods by state, handlers up or down.
 * Registered as a {@link MetricSource} while the CRI endpoint serves.
 */
public final class CoreMetrics implements MetricSource {

    private final CounterFamily operations = new CounterFamily("orca_cri_operations_total",
            "CRI calls served, by gRPC method and status code", "method", "code");
    private final HistogramFamily operationDuration = new HistogramFamily("orca_cri_operation_duration_seconds",
            "Time to answer a CRI call (a streaming call: until it ends)", HistogramFamily.DURATION_SECONDS,
            "method");
    private final HistogramFamily startDuration = new HistogramFamily("orca_container_start_duration_seconds",
            "From CreateContainer's arrival to StartContainer answering OK, by runtime handler",
            HistogramFamily.DURATION_SECONDS, "handler");
    private final CounterFamily oomKills = new CounterFamily("orca_container_oom_kills_total",
            "Containers seen exited with reason OOMKilled, once each, by runtime handler", "handler");
    private final List<MetricFamily> families;
    private final Map<String, Long> creating = new ConcurrentHashMap<>();

    public CoreMetrics(String version, NodeState state, RuntimeHandlerRegistry handlers) {
        families = List.of(operations, operationDuration, startDuration, oomKills,
                new GaugeFamily("orca_containers", "Containers by CRI state and runtime handler (last state seen)",
                        () -> containers(state), "state", "handler"),
                new GaugeFamily("orca_pods", "Pod sandboxes by CRI state and runtime handler",
                        () -> pods(state), "state", "handler"),
                new GaugeFamily("orca_runtime_handler_up",
                        "1 for a runtime handler offered, 0 for one deployed but unavailable",
                        () -> handlersUp(handlers), "handler"),
                new GaugeFamily("orca_build_info", "Orca's version; always 1",
                        () -> List.of(Sample.of(1, version == null ? "" : version)), "version"));
    }

    @Override
    public List<MetricFamily> families() {
        return families;
    }

    /** One CRI call answered. */
    public void served(String method, String code, long nanos) {
        operations.inc(method, code);
        operationDuration.observe(nanos / 1e9, method);
    }

    void createArrived(String containerId, long arrivedNanos) {
        creating.put(containerId, arrivedNanos);
    }

    void started(String containerId, String handler) {
        Long arrived = creating.remove(containerId);
        if (arrived != null) {
            startDuration.observe((System.nanoTime() - arrived) / 1e9, handler);
        }
    }

    void removed(String containerId) {
        creating.remove(containerId);
    }

    /** Counts an OOM kill when a container's state first shows one. */
    void stateChanged(ContainerRecord container, ContainerState now) {
        if (oomKilled(now) && !oomKilled(container.lastState())) {
            oomKills.inc(container.handler());
        }
    }

    private static boolean oomKilled(ContainerState state) {
        return state != null && state.phase() == ContainerState.Phase.EXITED && ContainerState.OOM_KILLED.equals(state.reason());
    }

    private static List<Sample> containers(NodeState state) {
        return counted(state.containers(), c -> List.of(ContainerMessages.phase(c.lastState() == null
                ? ContainerState.Phase.UNKNOWN : c.lastState().phase()).name(), c.handler()));
    }

    private static List<Sample> pods(NodeState state) {
        return counted(state.pods().stream().filter(PodRecord::visible).toList(),
                p -> List.of(p.phase() == PodRecord.Phase.READY ? "SANDBOX_READY" : "SANDBOX_NOTREADY", p.handler()));
    }

    private static <T> List<Sample> counted(List<T> items, Function<T, List<String>> labels) {
        return items.stream().collect(Collectors.groupingBy(labels, Collectors.counting())).entrySet().stream()
                .map(e -> new Sample(e.getKey(), e.getValue())).toList();
    }

    private static List<Sample> handlersUp(RuntimeHandlerRegistry handlers) {
        List<Sample> up = new ArrayList<>();
        for (HandlerEntry h : handlers.handlers()) {
            up.add(Sample.of(1, h.name()));
        }
        for (HandlerEntry h : handlers.unavailable()) {
            up.add(Sample.of(0, h.name()));
        }
        return up;
    }
}
