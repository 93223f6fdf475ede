package dev.orca.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process as {@code /proc/PID/stat} and {@code status} show it: whether it lives (a zombie does not), when it
 * started, its CPU time and resident memory. The start, in clock ticks since boot, is what tells a process from a
 * later one given the same pid once it has ended (pids come round again: this host's pid_max is 32,768); unlike the
 * JDK's {@code ProcessHandle.Info.startInstant()}, it does not move when the clock is stepped.
 *
 * @param startTicks when the process started, in clock ticks ({@link #TICKS_PER_SECOND}) since boot
 * @param cpuTicks its user and system time so far, in clock ticks
 */
public record ProcessStat(long pid, char state, long startTicks, long cpuTicks, long rssBytes) {

    /** USER_HZ, which is 100 on every Linux architecture Orca runs on. */
    public static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    /** The process of {@code pid} as this system's {@code /proc} shows it; empty when there is none. */
    public static Optional<ProcessStat> of(long pid) {
        return of(PROC, pid);
    }

    /** The same from {@code proc}, a {@code /proc} or a copy of one. */
    public static Optional<ProcessStat> of(Path proc, long pid) {
        try {
            String[] f = fields(proc, pid);
            long rss = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
            return Optional.of(new ProcessStat(pid, f[0].charAt(0), Long.parseLong(f[19]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), rss));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Only when the process of {@code pid} started, in clock ticks since boot: one file read, not two. */
    public static OptionalLong startTicksOf(long pid) {
        try {
            return OptionalLong.of(Long.parseLong(fields(PROC, pid)[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The fields of {@code stat} from the state on: after the last ')', as the command may hold spaces and ')'. */
    private static String[] fields(Path proc, long pid) throws IOException {
        String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /**
     * The process of {@code pid} that started at {@code startTicks} (any, for 0) is alive, not a zombie: from
     * {@code stat} alone, as callers ask it in loops.
     */
    public static boolean alive(Path proc, long pid, long startTicks) {
        if (pid <= 0) {
            return false;
        }
        try {
            String[] f = fields(proc, pid);
            return running(f[0].charAt(0)) && (startTicks == 0 || Long.parseLong(f[19]) == startTicks);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #alive(Path, long, long)} on this system's {@code /proc}. */
    public static boolean alive(long pid, long startTicks) {
        return alive(PROC, pid, startTicks);
    }

    /** Neither a zombie nor dead: it still runs, or sleeps. */
    public boolean running() {
        return running(state);
    }

    private static boolean running(char state) {
        return state != 'Z' && state != 'X';
    }

    public long cpuNanos() {
        return cpuTicks * (1_000_000_000L / TICKS_PER_SECOND);
    }
}
