package dev.orca.bench;

import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.os.FileTrees;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold starts of Orca until it is ready as the kubelet sees it ({@link ComparedDaemon#start}: Status reporting
 * RuntimeReady and NetworkReady, then a first pod sandbox run), its idle RSS, and optionally the start after a kill
 * -9 with pods running. Several variants (distribution copies, JVM options) take turns within one run, so a change
 * is compared on the same noisy machine at the same time:
 * {@code StartupBench DIST [runs] [idle-seconds] [pods-at-kill] [LABEL=DIST[|JAVA OPTIONS] ...]}.
 */
public final class StartupBench {

    /** gRPC's client asks unix sockets for SO_KEEPALIVE, and Netty warns on every connection; held so it stays set. */
    private static final java.util.logging.Logger NETTY_BOOTSTRAP_LOG =
            java.util.logging.Logger.getLogger("io.netty.bootstrap");

    /** One way of starting Orca: a distribution, and JVM options for ORCA_JAVA_OPTS (null: the environment's). */
    record Variant(String label, Path distribution, String javaOptions) {

        /** {@code LABEL=DIST} or {@code LABEL=DIST|JAVA OPTIONS}. */
        static Variant parse(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("variant '" + text + "': expected LABEL=DIST[|JAVA OPTIONS]");
            }
            String rest = text.substring(equals + 1);
            int bar = rest.indexOf('|');
            Path distribution = Path.of(bar < 0 ? rest : rest.substring(0, bar)).toAbsolutePath();
            return new Variant(text.substring(0, equals), distribution, bar < 0 ? null : rest.substring(bar + 1));
        }
    }

    /** What one start measured; {@code afterKillMillis} is NaN when no pods were killed under it. */
    record Run(double readyMillis, double podMillis, double idleRssMib, double afterKillMillis) {
    }

    public static void main(String[] args) throws Exception {
        NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path distribution = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int podsAtKill = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<Variant> variants = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            variants.add(Variant.parse(args[i]));
        }
        if (variants.isEmpty()) {
            variants.add(new Variant("orca", distribution, null));
        }
        Path tools = Path.of(System.getProperty("orca.tools", "../shared/tools")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("orca-startup-bench");
        CritestImages images = new CritestImages(tools, work.resolve("images"), "127.0.0.1:" + freePort());
        Map<Variant, List<Run>> results = new LinkedHashMap<>();
        System.out.printf("startup: %d rounds (after a warm-up) of %s; idle RSS after %d s; %s%n", runs,
                variants.stream().map(Variant::label).toList(), idleSeconds,
                podsAtKill > 0 ? "then kill -9 with " + podsAtKill + " pods and start again" : "no kill -9");
        try {
            images.start();
            for (int round = 0; round <= runs; round++) {
                for (Variant variant : variants) {
                    Run run = once(variant, work.resolve(variant.label() + "-" + round), images.host(), idleSeconds,
                            podsAtKill);
                    System.out.printf("%s %-12s ready %7.1f ms, first pod %7.1f ms, idle RSS %6.1f MiB%s%n",
                            round == 0 ? "warm-up" : "round " + round, variant.label(), run.readyMillis(),
                            run.podMillis(), run.idleRssMib(), Double.isNaN(run.afterKillMillis()) ? ""
                                    : String.format(", ready after kill -9 %7.1f ms", run.afterKillMillis()));
                    if (round > 0) {
                        results.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                    }
                }
            }
        } finally {
            images.close();
            LifecycleBench.removeCgroupParent("orca-bench");
            FileTrees.delete(work);
        }
        for (var entry : results.entrySet()) {
            List<Run> list = entry.getValue();
            System.out.printf("median %-12s ready %7.1f ms, first pod %7.1f ms, idle RSS %6.1f MiB%s%n",
                    entry.getKey().label(), Figures.median(list.stream().map(Run::readyMillis).toList()),
                    Figures.median(list.stream().map(Run::podMillis).toList()),
                    Figures.median(list.stream().map(Run::idleRssMib).toList()), podsAtKill == 0 ? ""
                            : String.format(", ready after kill -9 %7.1f ms",
                                    Figures.median(list.stream().map(Run::afterKillMillis).toList())));
        }
    }

    private static Run once(Variant variant, Path work, String registry, int idleSeconds, int podsAtKill)
            throws Exception {
        try (ComparedOrca orca = new ComparedOrca(variant.distribution(), work, registry,
                ComparedOrca.Setup.single().withJavaOptions(variant.javaOptions()))) {
            ComparedDaemon.Startup startup = orca.start(0);
            Thread.sleep(idleSeconds * 1000L);
            double idle = orca.rssMib();
            double afterKill = Double.NaN;
            if (podsAtKill > 0) {
                orca.images().pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(CritestBenchmark.BUSYBOX)).build());
                List<String> pods = orca.lifecycle().runningPods(podsAtKill);
                orca.kill9();
                afterKill = orca.start(podsAtKill).readyMillis();
                orca.lifecycle().removePods(pods);
            }
            return new Run(startup.readyMillis(), startup.podMillis(), idle, afterKill);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
