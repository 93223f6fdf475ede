package dev.orca.isolation.cgroups;

import dev.orca.spi.ResourceUsage;
import java.time.Instant;

/**
 * What a cgroup (with its descendants) has used.
 *
 * @param cpuNanos CPU time, cumulative
 * @param memoryUsageBytes memory charged, page cache included
 * @param memoryWorkingSetBytes usage minus inactive file pages, as the kubelet computes it
 */
public record CgroupUsage(long cpuNanos, long memoryUsageBytes, long memoryWorkingSetBytes) {

    /** As the SPI reports a pod's use (no writable layer). */
    public ResourceUsage toResourceUsage(Instant timestamp) {
        return new ResourceUsage(timestamp, cpuNanos, memoryWorkingSetBytes, memoryUsageBytes, 0, 0);
    }

    /** The working set: usage minus inactive file pages, never below zero. */
    static long workingSet(long usage, long inactiveFile) {
        return Math.max(0, usage - inactiveFile);
    }
}
