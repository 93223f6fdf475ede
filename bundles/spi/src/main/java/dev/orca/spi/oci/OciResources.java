package dev.orca.spi.oci;

import java.util.List;
import java.util.Map;

/** {@code linux.resources}: cgroup limits. */
public record OciResources(OciMemory memory, OciCpu cpu, OciPids pids, List<OciHugepageLimit> hugepageLimits,
        List<OciDeviceRule> devices, Map<String, String> unified) {

    /** {@code memory}: bytes; {@code swap} is memory plus swap. */
    public record OciMemory(Long limit, Long reservation, Long swap) {
    }

    /** {@code cpu}: shares, CFS quota and period (microseconds), cpuset. */
    public record OciCpu(Long shares, Long quota, Long period, String cpus, String mems) {
    }

    /** {@code pids}. */
    public record OciPids(long limit) {
    }

    /** {@code hugepageLimits[]}: page size such as {@code 2MB}, limit in bytes. */
    public record OciHugepageLimit(String pageSize, long limit) {
    }

    /** {@code devices[]}: the device cgroup's allow and deny rules. */
    public record OciDeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    }
}
