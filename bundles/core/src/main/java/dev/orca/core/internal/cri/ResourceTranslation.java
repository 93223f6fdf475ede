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

    /** RunPodSandbox's {@code linux.resources} (the containers' limits summed) and {@code linux.overhead}. */
    static PodResources pod(dev.orca.cri.v1.LinuxPodSandboxConfig linux) {
        return new PodResources(linux.hasResources() ? toOci(linux.getResources()) : null,
                linux.hasOverhead() ? toOci(linux.getOverhead()) : null);
    }
}
