package dev.orca.bench;

import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.os.FileTrees;
import dev.orca.testkit.MountTable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orca and Debian's containerd side by side on the same node, the same registry, CNI plug-ins and runc: daemon
 * start until ready, critest's benchmarks taking turns (Orca on runc, containerd, Orca on crun; after a warm-up of
 * each), memory, pod churn, and the restart after a kill -9 with pods running. The table goes to stdout and into
 * docs/benchmarks.md.
 */
public final class CompareBench {

    /** gRPC's client asks unix sockets for SO_KEEPALIVE, and Netty warns on every connection; held so it stays set. */
    static final java.util.logging.Logger NETTY_BOOTSTRAP_LOG =
            java.util.logging.Logger.getLogger("io.netty.bootstrap");
    private static final int STARTS = 3;
    private static final int RUNS = 2;
    private static final int PODS_AT_KILL = 25;

    private final ComparedOrca orca;
    private final ComparedContainerd containerd;
    private final Path critest;
    private final Path work;

    private CompareBench(ComparedOrca orca, ComparedContainerd containerd, Path critest, Path work) {
        this.orca = orca;
        this.containerd = containerd;
        this.critest = critest;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path distribution = Path.of(args[0]);
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int churn = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path tools = Path.of(System.getProperty("orca.tools", "../shared/tools")).toAbsolutePath().normalize();
        ComparedContainerd.install();
        Path work = Files.createTempDirectory("orca-compare-bench");
        CritestImages images = new CritestImages(tools, work.resolve("images"), "127.0.0.1:" + freePort());
        ComparedOrca orca = new ComparedOrca(distribution, work.resolve("orca"), images.host(),
                ComparedOrca.Setup.single());
        ComparedContainerd containerd = new ComparedContainerd(work.resolve("containerd"), images.host());
        Thread cleanup = new Thread(() -> cleanUp(work, orca, containerd, images), "compare-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            System.out.printf("compare: Orca (%s) and %s; critest --benchmark %d iterations, %d runs each after a"
                    + " warm-up; churn %d pods%n", distribution, ComparedContainerd.version(), iterations, RUNS,
                    churn);
            images.start();
            String loadBefore = loadAverage();
            System.out.println("load average before: " + loadBefore);
            String table = new CompareBench(orca, containerd, tools.resolve("critest"), work).run(iterations, churn);
            String loadAfter = loadAverage();
            System.out.println("load average after: " + loadAfter);
            System.out.println(table);
            Path doc = Path.of("docs/benchmarks.md");
            if (Files.exists(doc)) {
                ComparisonReport.writeSection(doc, section(table, iterations, churn, loadBefore, loadAfter,
                        dev.orca.testkit.ClassArchives.in(distribution)));
                System.out.println("written into " + doc.toAbsolutePath());
            }
        } finally {
            cleanUp(work, orca, containerd, images);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("left behind: " + leftBehind(work));
        }
    }

    /** What the run might have left on the node: daemons, shims, mounts, bridges, the work folder; "nothing". */
    static String leftBehind(Path work) throws Exception {
        List<String> left = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())
                || c.startsWith(ComparedContainerd.BINARY)).orElse(false))
                .forEach(p -> left.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        long mounts = MountTable.pointsUnder(work).size();
        if (mounts > 0) {
            left.add(mounts + " mounts under " + work);
        }
        for (String bridge : List.of(ComparedOrca.BRIDGE, ComparedContainerd.BRIDGE)) {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                left.add("bridge " + bridge);
            }
        }
        if (Files.exists(work)) {
            left.add(work.toString());
        }
        return left.isEmpty() ? "nothing" : String.join("; ", left);
    }

    private String run(int iterations, int churn) throws Exception {
        ComparisonReport report = new ComparisonReport();
        List<ComparedDaemon> daemons = List.of(orca, containerd);
        Map<ComparedDaemon, List<ComparedDaemon.Startup>> starts = new LinkedHashMap<>();
        for (int round = 0; round < STARTS; round++) {
            for (ComparedDaemon daemon : daemons) {
                if (round > 0) {
                    daemon.stop();
                }
                ComparedDaemon.Startup startup = daemon.start(0);
                System.out.printf("start %d %-10s ready %7.1f ms, first pod %7.1f ms%n", round + 1, daemon.name(),
                        startup.readyMillis(), startup.podMillis());
                starts.computeIfAbsent(daemon, d -> new ArrayList<>()).add(startup);
            }
        }
        Thread.sleep(10_000);
        double orcaIdle = orca.rssMib();
        double containerdIdle = containerd.rssMib();
        System.out.printf("idle RSS: orca %.1f MiB, containerd %.1f MiB%n", orcaIdle, containerdIdle);

        Map<String, List<Double>> orcaRunc = new LinkedHashMap<>();
        Map<String, List<Double>> containerdRunc = new LinkedHashMap<>();
        Map<String, List<Double>> orcaCrun = new LinkedHashMap<>();
        for (int round = 0; round <= RUNS; round++) {
            boolean warmUp = round == 0;
            int n = warmUp ? Math.max(5, iterations / 5) : iterations;
            critest(orca, "runc", n, round, warmUp ? new LinkedHashMap<>() : orcaRunc);
            critest(containerd, "", n, round, warmUp ? new LinkedHashMap<>() : containerdRunc);
            critest(orca, "crun", n, round, warmUp ? new LinkedHashMap<>() : orcaCrun);
        }
        report.critest(orcaRunc, containerdRunc, orcaCrun);
        double orcaAfter = orca.rssMib();
        double containerdAfter = containerd.rssMib();
        System.out.printf("RSS after critest: orca %.1f MiB, containerd %.1f MiB%n", orcaAfter, containerdAfter);

        Map<ComparedDaemon, Double> churnMillis = churn(daemons, churn);
        Map<ComparedDaemon, List<Double>> killed = restartsAfterKill(daemons);

        report.daemon("ready: spawn → Status RuntimeReady + NetworkReady", "ms",
                Figures.median(starts.get(orca).stream().map(ComparedDaemon.Startup::readyMillis).toList()),
                Figures.median(starts.get(containerd).stream().map(ComparedDaemon.Startup::readyMillis).toList()));
        report.daemon("spawn → first pod sandbox running", "ms",
                Figures.median(starts.get(orca).stream().map(ComparedDaemon.Startup::podMillis).toList()),
                Figures.median(starts.get(containerd).stream().map(ComparedDaemon.Startup::podMillis).toList()));
        report.daemon("ready after kill -9 with " + PODS_AT_KILL + " pods", "ms", Figures.median(killed.get(orca)),
                Figures.median(killed.get(containerd)));
        report.daemon("idle RSS", "MiB", orcaIdle, containerdIdle);
        report.daemon("RSS after critest", "MiB", orcaAfter, containerdAfter);
        report.daemon("pod churn: one cycle", "ms", churnMillis.get(orca), churnMillis.get(containerd));
        System.out.println("worst ratio: " + report.worst());
        return report.table(LocalDate.now().toString());
    }

    private void critest(ComparedDaemon daemon, String handler, int iterations, int round,
            Map<String, List<Double>> into) throws Exception {
        String label = daemon.name() + (handler.isEmpty() ? "" : "-" + handler);
        Path out = work.resolve("critest").resolve(label + "-" + round);
        Map<String, List<Double>> samples = CritestBenchmark.run(critest, daemon.socket(), handler, iterations, out);
        samples.forEach((operation, values) -> into.computeIfAbsent(operation, o -> new ArrayList<>()).addAll(values));
        System.out.printf("critest %s %s: %s%n", round == 0 ? "warm-up" : "run " + round, label,
                ComparisonReport.medians(samples).entrySet().stream()
                        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).toList());
    }

    /** {@code cycles} pod lifecycles on each daemon, in two halves taking turns after 5 of warm-up; ms per cycle. */
    private static Map<ComparedDaemon, Double> churn(List<ComparedDaemon> daemons, int cycles) {
        Map<ComparedDaemon, Double> nanos = new LinkedHashMap<>();
        for (ComparedDaemon daemon : daemons) {
            pullBusybox(daemon);
            daemon.lifecycle().run(5);
        }
        for (int half = 0; half < 2; half++) {
            for (ComparedDaemon daemon : daemons) {
                long started = System.nanoTime();
                daemon.lifecycle().run(cycles / 2);
                nanos.merge(daemon, (double) (System.nanoTime() - started), Double::sum);
            }
        }
        Map<ComparedDaemon, Double> perCycle = new LinkedHashMap<>();
        nanos.forEach((daemon, total) -> perCycle.put(daemon, total / 1e6 / (cycles / 2 * 2)));
        System.out.printf("churn: %s ms per cycle%n", perCycle.entrySet().stream()
                .map(e -> String.format("%s %.1f", e.getKey().name(), e.getValue())).toList());
        return perCycle;
    }

    /** Twice, taking turns: 25 pods of one container running, kill -9, start; ms until ready with the pods back. */
    private static Map<ComparedDaemon, List<Double>> restartsAfterKill(List<ComparedDaemon> daemons) throws Exception {
        Map<ComparedDaemon, List<Double>> ready = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (ComparedDaemon daemon : daemons) {
                pullBusybox(daemon);
                List<String> pods = daemon.lifecycle().runningPods(PODS_AT_KILL);
                daemon.kill9();
                ComparedDaemon.Startup startup = daemon.start(PODS_AT_KILL);
                System.out.printf("after kill -9 with %d pods: %-10s ready %7.1f ms%n", PODS_AT_KILL, daemon.name(),
                        startup.readyMillis());
                ready.computeIfAbsent(daemon, d -> new ArrayList<>()).add(startup.readyMillis());
                daemon.lifecycle().removePods(pods);
            }
        }
        return ready;
    }

    private static void pullBusybox(ComparedDaemon daemon) {
        daemon.images().pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(CritestBenchmark.BUSYBOX)).build());
    }

    private static String section(String table, int iterations, int churn, String loadBefore, String loadAfter,
            boolean archived) throws Exception {
        return """
                `bench/run compare %d %d` — Orca as shipped (`distribution/target/orca`, default features, runc under
                conmon; crun the same way, and the default handler where crun is installed)%s and Debian's %s with
                its CRI plug-in (runc v2 shim, cgroupfs,
                overlayfs snapshotter, `restrict_oom_score_adj`), each on a socket, state folders and a CNI bridge
                of its own (Debian's `bridge` + `host-local` + `portmap`), both pulling through the same local
                registry (the critest images that `../shared/tools/critest-images.sh` builds; containerd's sandbox
                image is its `pause:3.6`). critest v1.26.1 `--benchmark` with %d sequential iterations per benchmark
                runs against each in turn — Orca with `--runtime-handler runc`, containerd, Orca with
                `--runtime-handler crun` — once as a
                warm-up and %d times timed; each row is the median of all timed samples (the from-scratch start is
                one sample per run). *Ready* runs from the spawn of `bin/orca` or `containerd` until Status reports
                RuntimeReady and NetworkReady, *first pod* until a RunPodSandbox has returned (median of %d starts,
                the first on empty state); after a kill -9, ready also waits for the %d running pods to be listed
                ready. RSS is the daemon process's own (`VmRSS`; conmon and the shims are not counted), idle after
                10 s without requests. The start's first pod, the pods of the kill -9 and the churn run on each
                daemon's default handler: crun for Orca, runc for containerd. *Churn*: %d cycles on each, in two
                halves taking turns, of RunPodSandbox,
                CreateContainer, StartContainer, StopContainer, RemoveContainer, StopPodSandbox, RemovePodSandbox
                (busybox, `sleep`, stopped with timeout 0). Ratio is Orca / containerd; above 1 in bold. The machine
                is shared: load average (1, 5, 15 min) %s at the start, %s at the end.

                %s""".formatted(iterations, churn, archived ? ", with its class archive (`orca class-archive`, as"
                + " `start.sh` installs it)" : ", without a class archive", ComparedContainerd.version(), iterations, RUNS, STARTS,
                PODS_AT_KILL, churn, loadBefore, loadAfter, table);
    }

    /** Stops the daemons and the registry, whatever state they are in, and removes everything the run made. */
    static void cleanUp(Path work, AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("cleanup: " + part.getClass().getSimpleName() + ": " + e);
            }
        }
        try {
            LifecycleBench.removeCgroupParent("orca-bench");
            FileTrees.delete(work);
        } catch (Exception e) {
            System.err.println("cleanup: " + e);
        }
    }

    /** The 1, 5 and 15 minute load averages: how quiet the machine was. */
    static String loadAverage() throws java.io.IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
