package dev.orca.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * critest's benchmarks against Orca alone, for profiling a call or comparing two builds: each distribution given is
 * started as the compared Orca (under a work folder, on a bridge of its own, the critest images' registry as its
 * mirror), warmed up with a short run, then given {@code runs} timed runs of {@code iterations} samples each, the
 * distributions taking turns (A B A B); pods on one handler. The medians of each run and of all timed samples per
 * distribution go to stdout. {@code ORCA_JAVA_OPTS} reaches every daemon (a flight recording, say).
 *
 * <p>Arguments: the distribution, or several separated by commas, then optionally iterations (50), handler
 * ({@code default} for the node's default) and timed runs (1).
 */
public final class CritestOrcaBench {

    private CritestOrcaBench() {
    }

    public static void main(String[] args) throws Exception {
        CompareBench.NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        List<Path> distributions = java.util.Arrays.stream(args[0].split(",")).map(Path::of).toList();
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String handler = args.length > 2 && !args[2].equals("default") ? args[2] : "";
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path tools = Path.of(System.getProperty("orca.tools", "../shared/tools")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("orca-critest-bench");
        CritestImages images = new CritestImages(tools, work.resolve("images"), "127.0.0.1:" + CompareBench.freePort());
        List<ComparedOrca> daemons = new ArrayList<>();
        List<AutoCloseable> parts = new ArrayList<>();
        Thread cleanup = new Thread(() -> CompareBench.cleanUp(work, parts.toArray(AutoCloseable[]::new)),
                "critest-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String label = handler.isEmpty() ? "default handler" : "handler " + handler;
        try {
            daemons.addAll(ComparedOrca.sideBySide(distributions, work, images.host(), "orcacrit", 95));
            parts.addAll(daemons);
            parts.add(images);
            System.out.printf("critest --benchmark, %s: %d iterations, %d timed runs each after a warm-up%n", label,
                    iterations, runs);
            images.start();
            System.out.println("load average before: " + CompareBench.loadAverage());
            for (ComparedOrca orca : daemons) {
                orca.start(0);
            }
            Map<ComparedOrca, Map<String, List<Double>>> all = new LinkedHashMap<>();
            for (int round = 0; round <= runs; round++) {
                for (ComparedOrca orca : daemons) {
                    boolean warmUp = round == 0;
                    int n = warmUp ? Math.max(5, iterations / 5) : iterations;
                    Path out = work.resolve("critest").resolve(orca.name() + "-" + round);
                    Map<String, List<Double>> samples = CritestBenchmark.run(tools.resolve("critest"), orca.socket(),
                            handler, n, out);
                    System.out.println(orca.name() + " " + (warmUp ? "warm-up" : "run " + round) + ":");
                    print(ComparisonReport.medians(samples));
                    if (!warmUp) {
                        Map<String, List<Double>> into = all.computeIfAbsent(orca, o -> new LinkedHashMap<>());
                        samples.forEach((op, v) -> into.computeIfAbsent(op, o -> new ArrayList<>()).addAll(v));
                    }
                }
            }
            System.out.println("load average after: " + CompareBench.loadAverage());
            all.forEach((orca, samples) -> {
                System.out.printf("%s, medians of all timed samples, ms (%s):%n", orca.name(), label);
                print(ComparisonReport.medians(samples));
            });
        } finally {
            CompareBench.cleanUp(work, parts.toArray(AutoCloseable[]::new));
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("left behind: " + CompareBench.leftBehind(work));
        }
    }

    private static void print(Map<String, Double> medians) {
        medians.forEach((operation, millis) -> System.out.printf("  %-40s %9.1f%n", operation, millis));
    }
}
