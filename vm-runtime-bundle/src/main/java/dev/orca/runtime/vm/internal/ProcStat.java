package dev.orca.runtime.vm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as {@code /proc/PID/stat} and {@code status} show it: whether it lives (a zombie does not), when it
 * started (against pid reuse), its CPU time and resident memory.
 */
record ProcStat(long pid, char state, long startTicks, long cpuTicks, long rssBytes) {

    /** USER_HZ, which is 100 on every Linux architecture Orca runs on. */
    static final long TICKS_PER_SECOND = 100;

    static Optional<ProcStat> of(Path proc, long pid) {
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
            // the command may hold spaces and parentheses: fields start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long rss = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
            return Optional.of(new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[19]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), rss));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The process of {@code pid} that started at {@code startTicks} (any, for 0) is alive, not a zombie. */
    static boolean alive(Path proc, long pid, long startTicks) {
        return pid > 0 && of(proc, pid).filter(s -> s.state() != 'Z' && s.state() != 'X')
                .filter(s -> startTicks == 0 || s.startTicks() == startTicks).isPresent();
    }

    long cpuNanos() {
        return cpuTicks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
