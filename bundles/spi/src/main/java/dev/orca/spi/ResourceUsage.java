package dev.orca.spi;

import java.time.Instant;

/**
 * Resource use of a container or pod, from its cgroup.
 *
 * @param cpuNanos CPU time used, cumulative
 * @param memoryWorkingSetBytes memory in use minus inactive file cache
 * @param writableLayerBytes bytes of the container's writable layer; 0 for a pod
 */
public record ResourceUsage(Instant timestamp, long cpuNanos, long memoryWorkingSetBytes, long memoryUsageBytes,
        long writableLayerBytes, long writableLayerInodes) {
}
