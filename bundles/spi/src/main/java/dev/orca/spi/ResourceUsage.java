package dev.orca.spi;

import java.time.Instant;
import java.util.List;

/**
 * Resource use of a container or pod, from its cgroup (and, for a pod, its network namespace). A handler that cannot
 * tell a value gives 0 (for {@code memoryLimitBytes}: no limit), and no interfaces.
 *
 * @param cpuNanos CPU time used, cumulative
 * @param memoryWorkingSetBytes memory in use minus inactive file cache
 * @param writableLayerBytes bytes of the container's writable layer; 0 for a pod
 * @param cpuUserNanos CPU time in user mode, cumulative
 * @param cpuSystemNanos CPU time in kernel mode, cumulative
 * @param memoryRssBytes anonymous memory (v1 {@code total_rss}, v2 {@code anon})
 * @param memoryCacheBytes page cache (v1 {@code total_cache}, v2 {@code file})
 * @param memoryLimitBytes the memory limit; 0 when there is none
 * @param network a pod's interfaces other than loopback; empty for a container and a pod on the node's network
 * @since 1.11
 */
public record ResourceUsage(Instant timestamp, long cpuNanos, long memoryWorkingSetBytes, long memoryUsageBytes,
        long writableLayerBytes, long writableLayerInodes, long cpuUserNanos, long cpuSystemNanos, long memoryRssBytes,
        long memoryCacheBytes, long memoryLimitBytes, List<NetworkUsage> network) {

    public ResourceUsage {
        network = List.copyOf(network);
    }

    /** CPU time and memory only, as before 1.11: the details 0, no interfaces. */
    public ResourceUsage(Instant timestamp, long cpuNanos, long memoryWorkingSetBytes, long memoryUsageBytes,
            long writableLayerBytes, long writableLayerInodes) {
        this(timestamp, cpuNanos, memoryWorkingSetBytes, memoryUsageBytes, writableLayerBytes, writableLayerInodes,
                0, 0, 0, 0, 0, List.of());
    }

    /** The same with a pod's interfaces. */
    public ResourceUsage withNetwork(List<NetworkUsage> interfaces) {
        return new ResourceUsage(timestamp, cpuNanos, memoryWorkingSetBytes, memoryUsageBytes, writableLayerBytes,
                writableLayerInodes, cpuUserNanos, cpuSystemNanos, memoryRssBytes, memoryCacheBytes, memoryLimitBytes,
                interfaces);
    }
}
