package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.cri.v1.ContainerMetrics;
import dev.orca.cri.v1.Metric;
import dev.orca.cri.v1.PodSandboxMetrics;
import dev.orca.cri.v1.UInt64Value;
import dev.orca.spi.NetworkUsage;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.StorageUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ListPodSandboxMetrics and StreamPodSandboxMetrics: what ContainerStats and PodSandboxStats read (the handlers'
 * usage, the writable layers), as {@link CadvisorMetric}s. A pod's own metrics describe its cgroup and its network
 * namespace (label {@code container} empty, as cAdvisor's pod cgroup); each running container's its cgroup and its
 * writable layer. Only ready pods are listed: a stopped one has no running container and no namespaces left. A pod
 * or container whose handler is away or cannot tell now is left out, as in ListPodSandboxStats.
 */
final class PodMetricsCalls {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final NodeState state;
    private final StatsCalls stats;

    PodMetricsCalls(NodeState state, StatsCalls stats) {
        this.state = state;
        this.stats = stats;
    }

    List<PodSandboxMetrics> list() {
        return state.pods().stream().filter(p -> p.phase() == PodRecord.Phase.READY).map(this::pod).flatMap(Optional::stream).toList();
    }

    private Optional<PodSandboxMetrics> pod(PodRecord pod) {
        return stats.usage(pod).map(usage -> {
            List<String> labels = labels("", pod.info().cgroupParent(), "", pod.id(), pod);
            List<Metric> metrics = new ArrayList<>(cgroupMetrics(usage, labels));
            long now = PodCalls.nanos(usage.timestamp());
            for (NetworkUsage i : usage.network()) {
                List<String> withInterface = with(labels, i.name());
                metrics.add(metric(CadvisorMetric.RECEIVE_BYTES, now, withInterface, i.receiveBytes()));
                metrics.add(metric(CadvisorMetric.RECEIVE_PACKETS, now, withInterface, i.receivePackets()));
                metrics.add(metric(CadvisorMetric.RECEIVE_ERRORS, now, withInterface, i.receiveErrors()));
                metrics.add(metric(CadvisorMetric.RECEIVE_DROPPED, now, withInterface, i.receiveDropped()));
                metrics.add(metric(CadvisorMetric.TRANSMIT_BYTES, now, withInterface, i.transmitBytes()));
                metrics.add(metric(CadvisorMetric.TRANSMIT_PACKETS, now, withInterface, i.transmitPackets()));
                metrics.add(metric(CadvisorMetric.TRANSMIT_ERRORS, now, withInterface, i.transmitErrors()));
                metrics.add(metric(CadvisorMetric.TRANSMIT_DROPPED, now, withInterface, i.transmitDropped()));
            }
            return PodSandboxMetrics.newBuilder().setPodSandboxId(pod.id()).addAllMetrics(metrics)
                    .addAllContainerMetrics(state.containersOf(pod.id()).stream().map(c -> container(pod, c))
                            .flatMap(Optional::stream).toList())
                    .build();
        });
    }

    private Optional<ContainerMetrics> container(PodRecord pod, ContainerRecord container) {
        return stats.usage(container).map(usage -> {
            List<String> labels = labels(container.name(), ContainerCalls.cgroupsPath(pod, container.id()),
                    container.image(), container.id(), pod);
            List<Metric> metrics = new ArrayList<>(cgroupMetrics(usage, labels));
            Optional<StorageUsage> layer = stats.writableLayer(container.id());
            layer.ifPresent(l -> metrics.add(metric(CadvisorMetric.FS_USAGE, PodCalls.nanos(usage.timestamp()),
                    with(labels, l.mountpoint().toString()), l.usedBytes())));
            return ContainerMetrics.newBuilder().setContainerId(container.id()).addAllMetrics(metrics).build();
        });
    }

    /** The metrics of scope BOTH, from a cgroup's use. */
    private static List<Metric> cgroupMetrics(ResourceUsage usage, List<String> labels) {
        long now = PodCalls.nanos(usage.timestamp());
        List<Metric> metrics = new ArrayList<>();
        for (CadvisorMetric m : CadvisorMetric.values()) {
            if (m.scope() == CadvisorMetric.Scope.BOTH) {
                metrics.add(metric(m, now, labels, value(m, usage)));
            }
        }
        return metrics;
    }

    private static long value(CadvisorMetric m, ResourceUsage u) {
        return switch (m) {
            case CPU_USAGE -> u.cpuNanos() / NANOS_PER_SECOND;
            case CPU_USER -> u.cpuUserNanos() / NANOS_PER_SECOND;
            case CPU_SYSTEM -> u.cpuSystemNanos() / NANOS_PER_SECOND;
            case MEMORY_USAGE -> u.memoryUsageBytes();
            case MEMORY_WORKING_SET -> u.memoryWorkingSetBytes();
            case MEMORY_RSS -> u.memoryRssBytes();
            case MEMORY_CACHE -> u.memoryCacheBytes();
            case MEMORY_LIMIT -> u.memoryLimitBytes();
            case LAST_SEEN -> u.timestamp().getEpochSecond();
            default -> throw new IllegalArgumentException(m + " is not read from a cgroup");
        };
    }

    private static Metric metric(CadvisorMetric m, long timestamp, List<String> labels, long value) {
        return Metric.newBuilder().setName(m.metricName()).setTimestamp(timestamp).setMetricType(m.type())
                .addAllLabelValues(labels).setValue(UInt64Value.newBuilder().setValue(value)).build();
    }

    /** Values of {@link CadvisorMetric#LABELS}, in order. */
    private static List<String> labels(String container, String cgroup, String image, String name, PodRecord pod) {
        return List.of(container, cgroup, image, name, pod.request().namespace(), pod.request().name());
    }

    private static List<String> with(List<String> labels, String extra) {
        List<String> all = new ArrayList<>(labels);
        all.add(extra);
        return all;
    }
}
