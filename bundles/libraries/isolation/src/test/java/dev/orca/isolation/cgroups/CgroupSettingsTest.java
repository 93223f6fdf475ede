package dev.orca.isolation.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciResources.OciCpu;
import dev.orca.spi.oci.OciResources.OciHugepageLimit;
import dev.orca.spi.oci.OciResources.OciMemory;
import dev.orca.spi.oci.OciResources.OciPids;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupSettingsTest {

    private static final OciResources POD = new OciResources(new OciMemory(1000L, 500L, 3000L),
            new OciCpu(1024L, 50000L, 100000L, "0-1", "0"), new OciPids(0),
            List.of(new OciHugepageLimit("2MB", 4194304)), null, null);

    @Test
    void v1WritesTheOciValues() {
        assertEquals(List.of("memory.limit_in_bytes=1000", "memory.memsw.limit_in_bytes=3000",
                "memory.soft_limit_in_bytes=500", "cpu.shares=1024", "cpu.cfs_period_us=100000",
                "cpu.cfs_quota_us=50000", "cpuset.cpus=0-1", "cpuset.mems=0", "pids.max=max",
                "hugetlb.2MB.limit_in_bytes=4194304"), written(CgroupSettings.v1(POD)));
    }

    @Test
    void v2TranslatesAsRuncDoes() {
        assertEquals(List.of("memory.max=1000", "memory.swap.max=2000", "memory.low=500", "cpu.weight=39",
                "cpu.max=50000 100000", "cpuset.cpus=0-1", "cpuset.mems=0", "pids.max=max",
                "hugetlb.2MB.max=4194304"), written(CgroupSettings.v2(POD)));
    }

    @Test
    void cpuWeightCoversTheRange() {
        assertEquals(1, CgroupSettings.cpuWeight(2));
        assertEquals(39, CgroupSettings.cpuWeight(1024));
        assertEquals(10000, CgroupSettings.cpuWeight(262144));
    }

    @Test
    void v2QuotaWithoutLimitIsMax() {
        OciResources unlimited = new OciResources(null, new OciCpu(null, -1L, 100000L, null, null), null, null,
                null, null);
        assertEquals(List.of("cpu.max=max 100000"), written(CgroupSettings.v2(unlimited)));
    }

    @Test
    void swapBelowMemoryIsRefused() {
        OciResources bad = new OciResources(new OciMemory(1000L, null, 500L), null, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> CgroupSettings.v2(bad));
    }

    @Test
    void unifiedNeedsV2() {
        OciResources unified = new OciResources(null, null, null, null, null, Map.of("memory.high", "1000"));
        assertThrows(IllegalArgumentException.class, () -> CgroupSettings.v1(unified));
        assertEquals(List.of("memory.high=1000"), written(CgroupSettings.v2(unified)));
    }

    private static List<String> written(List<CgroupSetting> settings) {
        return settings.stream().map(s -> s.file() + "=" + s.value()).toList();
    }
}
