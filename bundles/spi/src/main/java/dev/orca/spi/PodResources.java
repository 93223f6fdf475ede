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
