package dev.orca.isolation.cgroups;

import dev.orca.spi.ResourceUsage;
import java.time.Instant;
import java.util.List;

/**
 * What a cgroup (with its descendants) has used.
 *
 * @param cpuNanos CPU time, cumulative
 * @param memoryUsageBytes memory charged, page cache included
 * @param memoryWorkingSetBytes usage minus inactive file pages, as the kubelet computes it
 * @param cpuUserNanos CPU time in user mode
 * @param cpuSystemNanos CPU time in kernel mode
 * @param memoryRssBytes anonymous memory
 * @param memoryCacheBytes page cache
 * @param memoryLimitBytes the memory limit, 0 for none
 */
public record CgroupUsage(long cpuNanos, long memoryUsageBytes, long memoryWorkingSetBytes, long cpuUserNanos,
        long cpuSystemNanos, long memoryRssBytes, long memoryCacheBytes, long memoryLimitBytes) {

    /** Above this a limit means none: v1 writes "no limit" as the largest page-aligned long. */
    static final long UNLIMITED = 1L << 62;

    /** As the SPI reports it (no writable layer, no interfaces). */
    public ResourceUsage toResourceUsage(Instant timestamp) {
        return new ResourceUsage(timestamp, cpuNanos, memoryWorkingSetBytes, memoryUsageBytes, 0, 0, cpuUserNanos,
                cpuSystemNanos, memoryRssBytes, memoryCacheBytes, memoryLimitBytes, List.of());
    }

    /** The working set: usage minus inactive file pages, never below zero. */
    static long workingSet(long usage, long inactiveFile) {
        return Math.max(0, usage - inactiveFile);
    }
}
