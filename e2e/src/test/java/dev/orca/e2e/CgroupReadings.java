package dev.orca.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cgroup's figures read by the test itself from the kernel's files, on cgroup v2 or on v1 (hybrid hosts
 * included), to hold the daemon's answers against.
 *
 * @param cpuNanos total CPU time
 * @param cpuUserNanos user CPU time (v1: {@code cpuacct.stat} ticks of 10 ms)
 * @param cpuSystemNanos system CPU time
 */
record CgroupReadings(long cpuNanos, long cpuUserNanos, long cpuSystemNanos, long memoryUsage, long rss, long cache,
        long limit) {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    static CgroupReadings of(String cgroup) throws IOException {
        String relative = cgroup.substring(1);
        if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
            Path dir = ROOT.resolve(relative);
            String cpu = Files.readString(dir.resolve("cpu.stat"));
            String memory = Files.readString(dir.resolve("memory.stat"));
            String max = Files.readString(dir.resolve("memory.max")).strip();
            return new CgroupReadings(stat(cpu, "usage_usec") * 1000, stat(cpu, "user_usec") * 1000,
                    stat(cpu, "system_usec") * 1000, number(dir.resolve("memory.current")), stat(memory, "anon"),
                    stat(memory, "file"), max.equals("max") ? 0 : Long.parseLong(max));
        }
        Path cpuacct = ROOT.resolve("cpuacct").resolve(relative);
        Path memory = ROOT.resolve("memory").resolve(relative);
        String ticks = Files.readString(cpuacct.resolve("cpuacct.stat"));
        String memoryStat = Files.readString(memory.resolve("memory.stat"));
        long limit = number(memory.resolve("memory.limit_in_bytes"));
        return new CgroupReadings(number(cpuacct.resolve("cpuacct.usage")), stat(ticks, "user") * 10_000_000L,
                stat(ticks, "system") * 10_000_000L, number(memory.resolve("memory.usage_in_bytes")),
                stat(memoryStat, "total_rss"), stat(memoryStat, "total_cache"), limit >= 1L << 62 ? 0 : limit);
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    private static long stat(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).strip());
            }
        }
        throw new AssertionError("no " + key + " in\n" + text);
    }
}
