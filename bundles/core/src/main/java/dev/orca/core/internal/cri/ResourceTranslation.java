package dev.orca.core.internal.cri;

import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.spi.PodResources;
import dev.orca.spi.oci.OciResources;

/** The CRI's {@code LinuxContainerResources} as the SPI's {@link OciResources}: what is unset (0, empty) stays null. */
final class ResourceTranslation {

    private ResourceTranslation() {
    }

    /** A container's limits for UpdateContainerResources: memory (and swap), CPU shares, quota, period, cpuset. */
    static OciResources toOci(LinuxContainerResources r) {
        var memory = r.getMemoryLimitInBytes() > 0
                ? new OciResources.OciMemory(r.getMemoryLimitInBytes(), null,
                        r.getMemorySwapLimitInBytes() > 0 ? r.getMemorySwapLimitInBytes() : null) : null;
        var cpu = new OciResources.OciCpu(r.getCpuShares() > 0 ? r.getCpuShares() : null,
                r.getCpuQuota() != 0 ? r.getCpuQuota() : null, r.getCpuPeriod() > 0 ? r.getCpuPeriod() : null,
                r.getCpusetCpus().isEmpty() ? null : r.getCpusetCpus(),
                r.getCpusetMems().isEmpty() ? null : r.getCpusetMems());
        return new OciResources(memory, cpu, null, null, null, r.getUnifiedMap().isEmpty() ? null : r.getUnifiedMap());
    }

    /**
     * UpdatePodSandboxResources' overhead and resources, checked: a negative memory limit, CPU shares or period, or
     * a quota below -1 (none), is refused naming the pod and the field.
     */
    static PodResources podUpdate(String podId, dev.orca.cri.v1.UpdatePodSandboxResourcesRequest request) {
        return new PodResources(request.hasResources() ? checked(podId, "resources", request.getResources()) : null,
                request.hasOverhead() ? checked(podId, "overhead", request.getOverhead()) : null);
    }

    private static OciResources checked(String podId, String which, LinuxContainerResources r) {
        java.util.Map<String, Long> nonNegative = new java.util.LinkedHashMap<>();
        nonNegative.put("memory_limit_in_bytes", r.getMemoryLimitInBytes());
        nonNegative.put("memory_swap_limit_in_bytes", r.getMemorySwapLimitInBytes());
        nonNegative.put("cpu_shares", r.getCpuShares());
        nonNegative.put("cpu_period", r.getCpuPeriod());
        nonNegative.forEach((field, value) -> {
            if (value < 0) {
                throw invalid(podId, which, field, value);
            }
        });
        if (r.getCpuQuota() < -1) {
            throw invalid(podId, which, "cpu_quota", r.getCpuQuota());
        }
        return toOci(r);
    }

    private static CriFailure invalid(String podId, String which, String field, long value) {
        return new CriFailure(CriFailure.Kind.INVALID, "UpdatePodSandboxResources of pod sandbox " + podId + ": "
                + which + "." + field + " is " + value + ", which is negative");
    }

    /** RunPodSandbox's {@code linux.resources} (the containers' limits summed) and {@code linux.overhead}. */
    static PodResources pod(dev.orca.cri.v1.LinuxPodSandboxConfig linux) {
        return new PodResources(linux.hasResources() ? toOci(linux.getResources()) : null,
                linux.hasOverhead() ? toOci(linux.getOverhead()) : null);
    }
}
