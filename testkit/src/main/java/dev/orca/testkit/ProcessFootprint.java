package dev.orca.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process holds at one moment, from {@code /proc/PID}: resident memory, open descriptors and threads. Tests
 * compare two of them to find growth; benchmarks print a series of them.
 *
 * @param rssKb resident set size (VmRSS), in kB
 * @param descriptors entries of {@code /proc/PID/fd}
 * @param threads the Threads line of {@code /proc/PID/status}
 */
public record ProcessFootprint(long rssKb, int descriptors, int threads) {

    /** Reads it now; an IOException when the process is gone. */
    public static ProcessFootprint of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        int descriptors;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            descriptors = (int) fds.count();
        }
        if (rss < 0 || threads < 0) {
            throw new IOException(proc + "/status has no VmRSS or Threads line");
        }
        return new ProcessFootprint(rss, descriptors, threads);
    }

    @Override
    public String toString() {
        return String.format("RSS %d kB, %d descriptors, %d threads", rssKb, descriptors, threads);
    }
}
