package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads usage from the control files: v1 {@code cpuacct.*} and {@code memory.*}, v2 {@code cpu.stat} and
 * {@code memory.*}. Totals include descendants, as the kernel keeps them ({@code total_*} on v1).
 */
final class CgroupStats {

    /** USER_HZ, the unit of v1's {@code cpuacct.stat}: 100 on every architecture Linux builds for. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CgroupStats() {
    }

    static CgroupUsage read(CgroupFiles files, CgroupLayout layout, Cgroup cgroup) throws IOException {
        return layout.isUnified() ? v2(files, cgroup.under(layout.unifiedMount().orElseThrow())) : v1(files, cgroup);
    }

    private static CgroupUsage v2(CgroupFiles files, Path dir) throws IOException {
        String cpuStat = files.read(dir.resolve("cpu.stat"));
        long memory = number(files.read(dir.resolve("memory.current")));
        String memoryStat = files.read(dir.resolve("memory.stat"));
        String max = files.read(dir.resolve("memory.max")).strip();
        return new CgroupUsage(statValue(cpuStat, "usage_usec", dir) * 1000, memory,
                CgroupUsage.workingSet(memory, statValue(memoryStat, "inactive_file", dir)),
                statValue(cpuStat, "user_usec", dir) * 1000, statValue(cpuStat, "system_usec", dir) * 1000,
                statValue(memoryStat, "anon", dir), statValue(memoryStat, "file", dir),
                max.equals("max") ? 0 : limit(number(max)));
    }

    private static CgroupUsage v1(CgroupFiles files, Cgroup cgroup) throws IOException {
        Path cpuacct = required(cgroup, "cpuacct");
        Path memoryDir = required(cgroup, "memory");
        String cpuStat = files.read(cpuacct.resolve("cpuacct.stat"));
        long memory = number(files.read(memoryDir.resolve("memory.usage_in_bytes")));
        String memoryStat = files.read(memoryDir.resolve("memory.stat"));
        return new CgroupUsage(number(files.read(cpuacct.resolve("cpuacct.usage"))), memory,
                CgroupUsage.workingSet(memory, statValue(memoryStat, "total_inactive_file", memoryDir)),
                statValue(cpuStat, "user", cpuacct) * NANOS_PER_TICK,
                statValue(cpuStat, "system", cpuacct) * NANOS_PER_TICK,
                statValue(memoryStat, "total_rss", memoryDir), statValue(memoryStat, "total_cache", memoryDir),
                limit(number(files.read(memoryDir.resolve("memory.limit_in_bytes")))));
    }

    private static long limit(long bytes) {
        return bytes >= CgroupUsage.UNLIMITED ? 0 : bytes;
    }

    private static long number(String text) {
        return Long.parseLong(text.strip());
    }

    /** The value of {@code key} in a flat-keyed file such as {@code memory.stat} ({@code key value} lines). */
    static long statValue(String text, String key, Path dir) throws IOException {
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(0, space).equals(key)) {
                return Long.parseLong(line.substring(space + 1).strip());
            }
        }
        throw new IOException("no " + key + " in the stat file of " + dir);
    }

    private static Path required(Cgroup cgroup, String controller) throws IOException {
        return cgroup.directory(controller)
                .orElseThrow(() -> new IOException("controller " + controller + " is not mounted"));
    }
}
