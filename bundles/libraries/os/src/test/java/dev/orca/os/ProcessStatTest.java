package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatTest {

    @TempDir
    Path proc;

    /** A /proc/PID of a process whose command holds spaces and parentheses, in {@code state}, started at tick 4242. */
    private void process(long pid, char state) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (conmon (x) y) " + state
                + " 1 2 3 0 -1 4194560 100 0 0 0 7 5 0 0 20 0 1 0 4242 8192000 250 18446744073709551615\n");
        Files.writeString(dir.resolve("status"), "Name:\tconmon\nVmRSS:\t    1000 kB\n");
    }

    @Test
    void readsStateStartCpuAndMemoryPastACommandWithParentheses() throws Exception {
        process(17, 'S');

        ProcessStat stat = ProcessStat.of(proc, 17).orElseThrow();

        assertEquals('S', stat.state());
        assertEquals(4242, stat.startTicks());
        assertEquals(12, stat.cpuTicks());
        assertEquals(120_000_000L, stat.cpuNanos());
        assertEquals(1_024_000, stat.rssBytes());
    }

    @Test
    void aliveMeansThereNotAZombieAndStartedWhenSaid() throws Exception {
        process(17, 'S');
        process(18, 'Z');

        assertTrue(ProcessStat.alive(proc, 17, 4242));
        assertTrue(ProcessStat.alive(proc, 17, 0), "0: whenever it started");
        assertFalse(ProcessStat.alive(proc, 17, 4243), "a later process given the pid");
        assertFalse(ProcessStat.alive(proc, 18, 4242), "a zombie has ended");
        assertFalse(ProcessStat.alive(proc, 19, 0), "no such process");
        assertEquals(Optional.empty(), ProcessStat.of(proc, 19));
    }

    @Test
    void thisProcessIsThere() {
        ProcessStat self = ProcessStat.of(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(self.running());
        assertTrue(self.startTicks() > 0);
        assertEquals(self.startTicks(), ProcessStat.startTicksOf(ProcessHandle.current().pid()).getAsLong());
        assertTrue(ProcessStat.startTicksOf(Long.MAX_VALUE).isEmpty());
    }
}
