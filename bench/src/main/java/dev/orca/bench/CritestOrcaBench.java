package dev.orca.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * critest's benchmarks against Orca alone, for profiling a call: the compared Orca (the distribution under a work
 * folder, the critest images' registry as its mirror) started once, a warm-up run, then {@code runs} timed runs of
 * {@code iterations} samples each, pods on one handler; the medians of each run and of all of them go to stdout.
 * Set {@code ORCA_JAVA_OPTS} to record the daemon (a flight recording, say).
 *
 * <p>Arguments: the distribution, then optionally iterations (50), handler ({@code default} for the node's
 * default) and timed runs (1).
 */
public final class CritestOrcaBench {

    private CritestOrcaBench() {
    }

    public static void main(String[] args) throws Exception {
        CompareBench.NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path distribution = Path.of(args[0]);
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String handler = args.length > 2 && !args[2].equals("default") ? args[2] : "";
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path tools = Path.of(System.getProperty("orca.tools", "../shared/tools")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("orca-critest-bench");
        CritestImages images = new CritestImages(tools, work.resolve("images"), "127.0.0.1:" + CompareBench.freePort());
        ComparedOrca orca = new ComparedOrca(distribution, work.resolve("orca"), images.host());
        Thread cleanup = new Thread(() -> CompareBench.cleanUp(work, orca, images), "critest-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String label = handler.isEmpty() ? "default handler" : "handler " + handler;
        try {
            System.out.printf("critest --benchmark against Orca (%s), %s: %d iterations, %d timed runs after a"
                    + " warm-up%n", distribution, label, iterations, runs);
            images.start();
            System.out.println("load average before: " + CompareBench.loadAverage());
            orca.start(0);
            Map<String, List<Double>> all = new LinkedHashMap<>();
            for (int round = 0; round <= runs; round++) {
                boolean warmUp = round == 0;
                int n = warmUp ? Math.max(5, iterations / 5) : iterations;
                Path out = work.resolve("critest").resolve("run-" + round);
                Map<String, List<Double>> samples = CritestBenchmark.run(tools.resolve("critest"), orca.socket(),
                        handler, n, out);
                System.out.println((warmUp ? "warm-up" : "run " + round) + ":");
                print(ComparisonReport.medians(samples));
                if (!warmUp) {
                    samples.forEach((op, values) -> all.computeIfAbsent(op, o -> new ArrayList<>()).addAll(values));
                }
            }
            System.out.println("load average after: " + CompareBench.loadAverage());
            System.out.printf("medians of all timed samples, ms (%s):%n", label);
            print(ComparisonReport.medians(all));
        } finally {
            CompareBench.cleanUp(work, orca, images);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("left behind: " + CompareBench.leftBehind(work));
        }
    }

    private static void print(Map<String, Double> medians) {
        medians.forEach((operation, millis) -> System.out.printf("  %-40s %9.1f%n", operation, millis));
    }
}
