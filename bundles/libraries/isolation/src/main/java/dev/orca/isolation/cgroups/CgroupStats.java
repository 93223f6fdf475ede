package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.Path;

/** Reads usage from the control files: v1 {@code cpuacct.usage} and {@code memory.*}, v2 {@code cpu.stat} etc. */
final class CgroupStats {

    private CgroupStats() {
    }

    static CgroupUsage read(CgroupFiles files, CgroupLayout layout, Cgroup cgroup) throws IOException {
        if (layout.isUnified()) {
            Path dir = cgroup.under(layout.unifiedMount().orElseThrow());
            long cpu = statValue(files.read(dir.resolve("cpu.stat")), "usage_usec", dir) * 1000;
            long memory = Long.parseLong(files.read(dir.resolve("memory.current")).strip());
            long inactive = statValue(files.read(dir.resolve("memory.stat")), "inactive_file", dir);
            return new CgroupUsage(cpu, memory, CgroupUsage.workingSet(memory, inactive));
        }
        Path cpuacct = required(cgroup, "cpuacct");
        Path memoryDir = required(cgroup, "memory");
        long cpu = Long.parseLong(files.read(cpuacct.resolve("cpuacct.usage")).strip());
        long memory = Long.parseLong(files.read(memoryDir.resolve("memory.usage_in_bytes")).strip());
        long inactive = statValue(files.read(memoryDir.resolve("memory.stat")), "total_inactive_file", memoryDir);
        return new CgroupUsage(cpu, memory, CgroupUsage.workingSet(memory, inactive));
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
