package dev.orca.bench;

import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.os.FileTrees;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What metrics cost: two nodes in one run, one with the shipped features (the metrics bundle serving, scraped every
 * second as Prometheus would), one without the metrics feature; rounds of pod lifecycles taking turns (A B A B) after
 * a warm-up of each, p50 and p99 per call. Then the scrape itself: the node with the metrics bundle running N
 * containers, its endpoint timed.
 */
public final class MetricsCostBench {

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int podsPerRound = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int containers = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path work = Files.createTempDirectory("orca-metrics-bench");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String shipped = Figures.shippedFeatures(distribution);
        String withoutMetrics = Stream.of(shipped.split(",")).filter(f -> !f.equals("metrics"))
                .collect(Collectors.joining(","));
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/metrics");
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode on = new BenchNode(distribution, Files.createDirectories(work.resolve("on")),
                        registry.host(), List.of(), withMetricsPort(BenchNetwork.deployFiles(work.resolve("on"), 0), port));
                BenchNode off = new BenchNode(distribution, Files.createDirectories(work.resolve("off")),
                        registry.host(), List.of("--features", withoutMetrics), BenchNetwork.deployFiles(work.resolve("off"), 1))) {
            PushedImage busybox = TestImages.singleLayer(registry, "bench/busybox:1");
            List<RuntimeServiceGrpc.RuntimeServiceBlockingStub> runtimes = new ArrayList<>();
            for (BenchNode node : List.of(on, off)) {
                ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
                var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
                LifecycleBench.awaitHandler(runtime);
                runtimes.add(runtime);
            }
            scraper.scheduleAtFixedRate(() -> scrape(http, endpoint), 0, 1, TimeUnit.SECONDS);
            System.out.printf("metrics cost: %d rounds of %d pods each on a node with the metrics bundle (scraped every"
                    + " second) and one without (features %s), taking turns%n", rounds, podsPerRound, withoutMetrics);
            LifecycleBench metricsOn = new LifecycleBench(runtimes.get(0), busybox.reference(), work.resolve("logs"));
            LifecycleBench metricsOff = new LifecycleBench(runtimes.get(1), busybox.reference(), work.resolve("logs"));
            new LifecycleBench(runtimes.get(0), busybox.reference(), work.resolve("logs")).report("warm-up", 5, 1);
            new LifecycleBench(runtimes.get(1), busybox.reference(), work.resolve("logs")).report("warm-up", 5, 1);
            for (int round = 0; round < rounds; round++) {
                metricsOn.run(podsPerRound);
                metricsOff.run(podsPerRound);
            }
            metricsOn.print("metrics on (" + rounds * podsPerRound + " pods)");
            metricsOff.print("metrics off (" + rounds * podsPerRound + " pods)");
            scraper.shutdownNow();

            System.out.printf("scrape with %d containers running:%n", containers);
            List<String> pods = metricsOn.runningPods(containers);
            System.out.printf("  daemon threads: %s%n", on.threads());
            Thread.sleep(3000); // the last starts settle
            double idleBefore = on.cpuMillis();
            long idleStart = System.nanoTime();
            Thread.sleep(10_000);
            double idlePerSecond = (on.cpuMillis() - idleBefore) / ((System.nanoTime() - idleStart) / 1e9);
            System.out.printf("  daemon CPU with no scrape: %.1f ms per second (its exit watch and other timers)%n",
                    idlePerSecond);
            timedScrapes(http, endpoint, 20, true); // warm-up: a node is scraped every 15 to 60 s for ever
            double cpuBefore = on.cpuMillis();
            long scrapingStart = System.nanoTime();
            List<Double> scrapes = timedScrapes(http, endpoint, 50, false);
            double seconds = (System.nanoTime() - scrapingStart) / 1e9;
            double cpuPerScrape = (on.cpuMillis() - cpuBefore - idlePerSecond * seconds) / scrapes.size();
            List<Double> sorted = scrapes.stream().sorted().toList();
            System.out.printf("  scrape median %.1f ms, p90 %.1f ms, max %.1f ms (%d scrapes after 20 to warm up);"
                    + " daemon CPU %.1f ms per scrape beyond its idle rate%n", Figures.median(scrapes),
                    sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1), sorted.get(sorted.size() - 1),
                    scrapes.size(), cpuPerScrape);
            metricsOn.removePods(pods);
        } finally {
            scraper.shutdownNow();
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent("orca-bench");
            BenchNetwork.remove(0);
            BenchNetwork.remove(1);
        }
    }

    private static Map<String, String> withMetricsPort(Map<String, String> deployFiles, int port) {
        Map<String, String> files = new java.util.HashMap<>(deployFiles);
        files.put("dev.orca.metrics.cfg", "port = " + port + "\n");
        return files;
    }

    /** {@code count} timed scrapes (the first one's size printed when {@code sayFirst}); their times in ms. */
    private static List<Double> timedScrapes(HttpClient http, URI endpoint, int count, boolean sayFirst) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            String text = scrape(http, endpoint);
            double ms = (System.nanoTime() - started) / 1e6;
            times.add(ms);
            if (i == 0 && sayFirst) {
                System.out.printf("  first scrape %.1f ms, %d lines, %d bytes%n", ms, text.lines().count(),
                        text.length());
            }
        }
        return times;
    }

    private static String scrape(HttpClient http, URI endpoint) {
        try {
            return http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
