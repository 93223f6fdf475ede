package dev.orca.isolation.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage read through the host's file calls from fixture trees laid out as the kernel lays out v1 and v2. */
class CgroupStatsTest {

    private static final Path FIXTURES = fixtures();
    private static final Path V1 = FIXTURES.resolve("v1");
    private static final CgroupLayout HYBRID = CgroupLayout.v1(Map.of("cpu", V1.resolve("cpu,cpuacct"),
            "cpuacct", V1.resolve("cpu,cpuacct"), "memory", V1.resolve("memory")), FIXTURES.resolve("v2"));
    private static final CgroupLayout V2 = CgroupLayout.v2(FIXTURES.resolve("v2"));

    @Test
    void v1ReadsCpuacctAndTheHierarchicalMemoryTotals() throws IOException {
        CgroupUsage usage = usage(HYBRID, "/kubepods/pod1");

        assertEquals(2_840_361_117L, usage.cpuNanos());
        assertEquals(251 * 10_000_000L, usage.cpuUserNanos(), "cpuacct.stat counts USER_HZ ticks");
        assertEquals(31 * 10_000_000L, usage.cpuSystemNanos());
        assertEquals(55_906_304L, usage.memoryUsageBytes());
        assertEquals(55_906_304L - 2_097_152L, usage.memoryWorkingSetBytes(), "usage minus total_inactive_file");
        assertEquals(52_428_800L, usage.memoryRssBytes(), "total_rss, not this level's rss");
        assertEquals(2_162_688L, usage.memoryCacheBytes());
        assertEquals(0, usage.memoryLimitBytes(), "v1's largest page-aligned long means no limit");
    }

    @Test
    void v1ReportsAMemoryLimit() throws IOException {
        assertEquals(268_435_456L, usage(HYBRID, "/kubepods/pod2").memoryLimitBytes());
    }

    @Test
    void v2ReadsCpuStatAndMemoryStat() throws IOException {
        CgroupUsage usage = usage(V2, "/kubepods/pod1");

        assertEquals(3_051_204_000L, usage.cpuNanos());
        assertEquals(2_702_117_000L, usage.cpuUserNanos());
        assertEquals(349_087_000L, usage.cpuSystemNanos());
        assertEquals(68_157_440L, usage.memoryUsageBytes());
        assertEquals(68_157_440L - 3_145_728L, usage.memoryWorkingSetBytes());
        assertEquals(62_914_560L, usage.memoryRssBytes(), "anon");
        assertEquals(4_194_304L, usage.memoryCacheBytes(), "file");
        assertEquals(134_217_728L, usage.memoryLimitBytes());
    }

    @Test
    void v2MaxMeansNoLimit() throws IOException {
        assertEquals(0, usage(V2, "/kubepods/pod2").memoryLimitBytes());
    }

    @Test
    void aMissingCgroupNamesItself() {
        IOException e = assertThrows(IOException.class, () -> usage(V2, "/kubepods/gone"));
        assertTrue(e.getMessage().startsWith("reading usage of cgroup /kubepods/gone: "), e.getMessage());
    }

    @Test
    void theSpiRecordCarriesEveryValue() throws IOException {
        var spi = usage(V2, "/kubepods/pod1").toResourceUsage(java.time.Instant.EPOCH);
        assertEquals(3_051_204_000L, spi.cpuNanos());
        assertEquals(349_087_000L, spi.cpuSystemNanos());
        assertEquals(62_914_560L, spi.memoryRssBytes());
        assertEquals(134_217_728L, spi.memoryLimitBytes());
        assertTrue(spi.network().isEmpty());
    }

    private static CgroupUsage usage(CgroupLayout layout, String path) throws IOException {
        return new Cgroup(layout, CgroupFiles.onHost(), pid -> { }, path).usage();
    }

    private static Path fixtures() {
        try {
            return Path.of(CgroupStatsTest.class.getResource("/cgroup-fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
