package dev.orca.isolation.cgroups;

import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciResources.OciCpu;
import dev.orca.spi.oci.OciResources.OciHugepageLimit;
import dev.orca.spi.oci.OciResources.OciMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates OCI {@code linux.resources} into control-file writes, for v1 and, the way runc does, for v2. Device
 * rules are left to the runtime, which sets them on each container's cgroup.
 */
public final class CgroupSettings {

    /** cgroup v2's {@code cpu.weight} range, and v1's {@code cpu.shares} range. */
    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262144;

    private CgroupSettings() {
    }

    /** The writes for a v1 layout, in an order the kernel accepts (period before quota, memory before swap). */
    public static List<CgroupSetting> v1(OciResources resources) {
        List<CgroupSetting> settings = new ArrayList<>();
        OciMemory memory = resources.memory();
        if (memory != null) {
            if (memory.limit() != null) {
                settings.add(CgroupSetting.of("memory", "memory.limit_in_bytes", memory.limit()));
            }
            if (memory.swap() != null) {
                settings.add(CgroupSetting.optional("memory", "memory.memsw.limit_in_bytes", memory.swap()));
            }
            if (memory.reservation() != null) {
                settings.add(CgroupSetting.of("memory", "memory.soft_limit_in_bytes", memory.reservation()));
            }
        }
        OciCpu cpu = resources.cpu();
        if (cpu != null) {
            if (cpu.shares() != null && cpu.shares() != 0) {
                settings.add(CgroupSetting.of("cpu", "cpu.shares", cpu.shares()));
            }
            if (cpu.period() != null && cpu.period() != 0) {
                settings.add(CgroupSetting.of("cpu", "cpu.cfs_period_us", cpu.period()));
            }
            if (cpu.quota() != null && cpu.quota() != 0) {
                settings.add(CgroupSetting.of("cpu", "cpu.cfs_quota_us", cpu.quota()));
            }
            cpuset(cpu, settings);
        }
        if (resources.pids() != null) {
            settings.add(CgroupSetting.of("pids", "pids.max", pidsMax(resources.pids().limit())));
        }
        for (OciHugepageLimit page : list(resources.hugepageLimits())) {
            settings.add(CgroupSetting.of("hugetlb", "hugetlb." + page.pageSize() + ".limit_in_bytes", page.limit()));
        }
        if (resources.unified() != null && !resources.unified().isEmpty()) {
            throw new IllegalArgumentException("unified resources " + resources.unified().keySet()
                    + " need cgroup v2; this host has v1");
        }
        return settings;
    }

    /** The writes for a v2 layout, translated as runc translates them. */
    public static List<CgroupSetting> v2(OciResources resources) {
        List<CgroupSetting> settings = new ArrayList<>();
        OciMemory memory = resources.memory();
        if (memory != null) {
            if (memory.limit() != null && memory.limit() != 0) {
                settings.add(CgroupSetting.of("memory", "memory.max", max(memory.limit())));
            }
            if (memory.swap() != null && memory.swap() != 0) {
                settings.add(CgroupSetting.optional("memory", "memory.swap.max", swapMax(memory)));
            }
            if (memory.reservation() != null && memory.reservation() != 0) {
                settings.add(CgroupSetting.of("memory", "memory.low", max(memory.reservation())));
            }
        }
        OciCpu cpu = resources.cpu();
        if (cpu != null) {
            if (cpu.shares() != null && cpu.shares() != 0) {
                settings.add(CgroupSetting.of("cpu", "cpu.weight", cpuWeight(cpu.shares())));
            }
            long quota = cpu.quota() == null ? 0 : cpu.quota();
            long period = cpu.period() == null ? 0 : cpu.period();
            if (quota != 0 || period != 0) {
                String max = (quota > 0 ? Long.toString(quota) : "max") + (period != 0 ? " " + period : "");
                settings.add(CgroupSetting.of("cpu", "cpu.max", max));
            }
            cpuset(cpu, settings);
        }
        if (resources.pids() != null) {
            settings.add(CgroupSetting.of("pids", "pids.max", pidsMax(resources.pids().limit())));
        }
        for (OciHugepageLimit page : list(resources.hugepageLimits())) {
            settings.add(CgroupSetting.of("hugetlb", "hugetlb." + page.pageSize() + ".max", page.limit()));
        }
        Map<String, String> unified = resources.unified() == null ? Map.of() : resources.unified();
        unified.forEach((file, value) -> {
            if (file.contains("/") || file.startsWith(".") || !file.contains(".")) {
                throw new IllegalArgumentException("unified resource \"" + file + "\" is not a control file name");
            }
            settings.add(CgroupSetting.of(file.substring(0, file.indexOf('.')), file, value));
        });
        return settings;
    }

    /** runc's conversion of v1 {@code cpu.shares} [2, 262144] to v2 {@code cpu.weight} [1, 10000]. */
    public static long cpuWeight(long shares) {
        long clamped = Math.max(MIN_SHARES, Math.min(MAX_SHARES, shares));
        return 1 + ((clamped - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES);
    }

    /** v2's {@code memory.swap.max} is swap alone, OCI's {@code swap} is memory plus swap (runc's conversion). */
    static String swapMax(OciMemory memory) {
        long swap = memory.swap();
        if (swap == -1) {
            return "max";
        }
        Long limit = memory.limit();
        if (limit == null || limit == 0 || limit == -1) {
            throw new IllegalArgumentException("memory swap limit " + swap + " needs a memory limit");
        }
        if (swap < limit) {
            throw new IllegalArgumentException("memory swap limit " + swap + " is below the memory limit " + limit);
        }
        return Long.toString(swap - limit);
    }

    private static void cpuset(OciCpu cpu, List<CgroupSetting> settings) {
        if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
            settings.add(CgroupSetting.of("cpuset", "cpuset.cpus", cpu.cpus()));
        }
        if (cpu.mems() != null && !cpu.mems().isEmpty()) {
            settings.add(CgroupSetting.of("cpuset", "cpuset.mems", cpu.mems()));
        }
    }

    private static String max(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    private static String pidsMax(long limit) {
        return limit > 0 ? Long.toString(limit) : "max";
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
