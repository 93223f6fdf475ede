package dev.orca.core.internal.cri;

import dev.orca.cri.v1.MetricDescriptor;
import dev.orca.cri.v1.MetricType;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics ListPodSandboxMetrics answers with, under cAdvisor's names and labels, so that the kubelet's
 * {@code /metrics/cadvisor} reads the same whether cAdvisor or the runtime collected them. Every metric carries
 * {@link #LABELS}; network metrics add {@code interface}, file-system metrics {@code device}. The CRI carries whole
 * numbers, so the seconds counters are whole seconds (ContainerStats has the nanoseconds).
 */
enum CadvisorMetric {

    CPU_USAGE("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", Scope.BOTH),
    CPU_USER("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", Scope.BOTH),
    CPU_SYSTEM("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", Scope.BOTH),
    MEMORY_USAGE("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of"
            + " when it was accessed", Scope.BOTH),
    MEMORY_WORKING_SET("container_memory_working_set_bytes", "Current working set in bytes.", Scope.BOTH),
    MEMORY_RSS("container_memory_rss", "Size of RSS in bytes.", Scope.BOTH),
    MEMORY_CACHE("container_memory_cache", "Number of bytes of page cache memory.", Scope.BOTH),
    MEMORY_LIMIT("container_spec_memory_limit_bytes", "Memory limit for the container.", Scope.BOTH),
    LAST_SEEN("container_last_seen", "Last time a container was seen by the exporter", Scope.BOTH),
    FS_USAGE("container_fs_usage_bytes", "Number of bytes that are consumed by the container on this filesystem.",
            Scope.FILESYSTEM),
    RECEIVE_BYTES("container_network_receive_bytes_total", "Cumulative count of bytes received", Scope.NETWORK),
    RECEIVE_PACKETS("container_network_receive_packets_total", "Cumulative count of packets received",
            Scope.NETWORK),
    RECEIVE_ERRORS("container_network_receive_errors_total", "Cumulative count of errors encountered while"
            + " receiving", Scope.NETWORK),
    RECEIVE_DROPPED("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while"
            + " receiving", Scope.NETWORK),
    TRANSMIT_BYTES("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted",
            Scope.NETWORK),
    TRANSMIT_PACKETS("container_network_transmit_packets_total", "Cumulative count of packets transmitted",
            Scope.NETWORK),
    TRANSMIT_ERRORS("container_network_transmit_errors_total", "Cumulative count of errors encountered while"
            + " transmitting", Scope.NETWORK),
    TRANSMIT_DROPPED("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while"
            + " transmitting", Scope.NETWORK);

    /** cAdvisor's labels of a container's series, in this order in every metric's label values. */
    static final List<String> LABELS = List.of("container", "id", "image", "name", "namespace", "pod");

    /** Whom a metric describes, and the label it adds. */
    enum Scope {
        /** pods and containers: CPU and memory of their cgroups */
        BOTH(null),
        /** pods: their network namespace's interfaces */
        NETWORK("interface"),
        /** containers: their writable layer */
        FILESYSTEM("device");

        private final String extraLabel;

        Scope(String extraLabel) {
            this.extraLabel = extraLabel;
        }
    }

    private final String metricName;
    private final String help;
    private final Scope scope;

    CadvisorMetric(String metricName, String help, Scope scope) {
        this.metricName = metricName;
        this.help = help;
        this.scope = scope;
    }

    String metricName() {
        return metricName;
    }

    Scope scope() {
        return scope;
    }

    /** Counters only grow (the cumulative ones); the rest are gauges. */
    MetricType type() {
        return metricName.endsWith("_total") ? MetricType.COUNTER : MetricType.GAUGE;
    }

    List<String> labelKeys() {
        List<String> keys = new ArrayList<>(LABELS);
        if (scope.extraLabel != null) {
            keys.add(scope.extraLabel);
        }
        return keys;
    }

    MetricDescriptor descriptor() {
        return MetricDescriptor.newBuilder().setName(metricName).setHelp(help).addAllLabelKeys(labelKeys()).build();
    }

    static List<MetricDescriptor> descriptors() {
        return java.util.Arrays.stream(values()).map(CadvisorMetric::descriptor).toList();
    }
}
