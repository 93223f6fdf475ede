package dev.orca.spi;

import dev.orca.spi.oci.OciResources;

/**
 * The resources the kubelet gives a pod in RunPodSandbox, for handlers that size something per pod (a VM); a handler
 * that runs containers on the host needs none of it, as each container carries its own limits.
 *
 * @param limits the sum of the pod's containers' limits (memory limit, CPU quota and period, shares), or null when
 *     the kubelet sent none
 * @param overhead the RuntimeClass's pod overhead, or null when it has none
 */
public record PodResources(OciResources limits, OciResources overhead) {

    /** A pod with neither limits nor overhead. */
    public static final PodResources NONE = new PodResources(null, null);

    /**
     * The limits the pod's cgroup should have: the containers' limits plus the overhead, field by field (memory
     * limit, CPU shares, CPU quota in the limits' period, a negative quota being none); what neither sets stays null. Null when neither is given.
     */
    public OciResources total() {
        if (limits == null || overhead == null) {
            return limits != null ? limits : overhead;
        }
        OciResources.OciCpu a = limits.cpu();
        OciResources.OciCpu b = overhead.cpu();
        Long period = a != null && a.period() != null ? a.period() : b != null ? b.period() : null;
        OciResources.OciCpu cpu = a == null && b == null ? null : new OciResources.OciCpu(
                sum(a == null ? null : a.shares(), b == null ? null : b.shares()),
                quota(a == null ? null : a.quota(), b == null ? null : b.quota()), period,
                a != null ? a.cpus() : null, a != null ? a.mems() : null);
        Long memory = sum(limits.memory() == null ? null : limits.memory().limit(),
                overhead.memory() == null ? null : overhead.memory().limit());
        return new OciResources(memory == null ? null : new OciResources.OciMemory(memory, null, null), cpu, null, null,
                null, null);
    }

    /** A negative quota is no limit, and stays one whatever is added. */
    private static Long quota(Long a, Long b) {
        if (a != null && a < 0 || b != null && b < 0) {
            return -1L;
        }
        return sum(a, b);
    }

    private static Long sum(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a + b;
    }

    /** The memory limit in bytes of {@code resources}, or 0 when it sets none. */
    public static long memoryBytes(OciResources resources) {
        return resources == null || resources.memory() == null || resources.memory().limit() == null ? 0
                : Math.max(0, resources.memory().limit());
    }

    /** The whole CPUs {@code resources}' CFS quota and period allow, rounded up, or 0 when it sets no quota. */
    public static int cpus(OciResources resources) {
        if (resources == null || resources.cpu() == null || resources.cpu().quota() == null
                || resources.cpu().quota() <= 0) {
            return 0;
        }
        long period = resources.cpu().period() == null || resources.cpu().period() <= 0 ? 100_000
                : resources.cpu().period();
        return (int) Math.min(Integer.MAX_VALUE, (resources.cpu().quota() + period - 1) / period);
    }
}
