package dev.orca.bench;

import dev.orca.cri.client.UnixSocketChannel;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.VersionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from {@code bin/orca} to a socket answering Version, and the daemon's memory: resident set size when idle
 * ({@code ps}) and at its peak ({@code /usr/bin/time -v}). Each run is a cold start of a new daemon process.
 */
public final class StartupBench {

    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    /** gRPC's client asks unix sockets for SO_KEEPALIVE, and Netty warns on every connection; held so it stays set. */
    private static final java.util.logging.Logger NETTY_BOOTSTRAP_LOG =
            java.util.logging.Logger.getLogger("io.netty.bootstrap");

    record Run(double millisToVersion, long idleRssKb, long maxRssKb) {
    }

    public static void main(String[] args) throws Exception {
        NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path distribution = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.printf("startup: %d cold starts of %s, idle RSS after %ds%n", runs, distribution, idleSeconds);
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run = once(distribution, idleSeconds);
            results.add(run);
            System.out.printf("run %d: %.0f ms to Version, idle RSS %d MiB, max RSS %d MiB%n", i + 1,
                    run.millisToVersion(), run.idleRssKb() / 1024, run.maxRssKb() / 1024);
        }
        List<Double> times = results.stream().map(Run::millisToVersion).sorted().toList();
        List<Long> idle = results.stream().map(Run::idleRssKb).sorted().toList();
        List<Long> max = results.stream().map(Run::maxRssKb).sorted().toList();
        System.out.printf("median: %.0f ms to Version (min %.0f, max %.0f); idle RSS %d MiB; max RSS %d MiB%n",
                median(times), times.get(0), times.get(times.size() - 1), median(idle) / 1024,
                median(max) / 1024);
    }

    private static Run once(Path distribution, int idleSeconds) throws Exception {
        Path dir = Files.createTempDirectory("orca-bench");
        Path socket = dir.resolve("run/orca.sock");
        Path log = dir.resolve("orca.log");
        long started = System.nanoTime();
        Process time = new ProcessBuilder("/usr/bin/time", "-v", distribution.resolve("bin/orca").toString(),
                "--root", dir.resolve("root").toString(), "--run-root", dir.resolve("run").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        double millis = awaitVersion(socket, started, time);
        Thread.sleep(idleSeconds * 1000L);
        ProcessHandle daemon = time.toHandle().children().findFirst()
                .orElseThrow(() -> new IllegalStateException("no daemon under /usr/bin/time"));
        long idleRss = rssKb(daemon.pid());
        daemon.destroy();
        if (!time.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            throw new IllegalStateException("orca did not stop on SIGTERM");
        }
        Matcher peak = MAX_RSS.matcher(Files.readString(log));
        long maxRss = peak.find() ? Long.parseLong(peak.group(1)) : -1;
        return new Run(millis, idleRss, maxRss);
    }

    private static double awaitVersion(Path socket, long started, Process process) throws Exception {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("orca exited with " + process.exitValue());
            }
            if (Files.exists(socket)) {
                try (UnixSocketChannel channel = new UnixSocketChannel(socket)) {
                    RuntimeServiceGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .version(VersionRequest.getDefaultInstance());
                    return (System.nanoTime() - started) / 1e6;
                } catch (RuntimeException notYet) {
                    // bound but not serving yet
                }
            }
            Thread.sleep(5);
        }
    }

    private static long rssKb(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
        String out = new String(ps.getInputStream().readAllBytes()).strip();
        ps.waitFor();
        return Long.parseLong(out);
    }

    private static <T extends Comparable<T>> T median(List<T> sorted) {
        List<T> copy = new ArrayList<>(sorted);
        Collections.sort(copy);
        return copy.get(copy.size() / 2);
    }
}
