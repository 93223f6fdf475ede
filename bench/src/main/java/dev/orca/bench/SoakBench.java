package dev.orca.bench;

import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.os.FileTrees;
import dev.orca.testkit.ProcessFootprint;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak: N pod cycles ({@link SoakCycle}: run, create and start a container, ExecSync, its log, ContainerStats,
 * stop, remove) one after another against one daemon, its resident memory, descriptors and threads sampled every 50
 * cycles. Prints the curve and writes it into docs/benchmarks.md ("Soak (issue 18)").
 *
 * <p>With variants ({@code SoakBench DIST CYCLES LABEL=DIST[|JAVA OPTIONS] ...}, as {@link StartupBench} takes them)
 * one daemon per variant runs at once, each on a bridge of its own, and they take turns cycle by cycle (A B A B), so
 * a change is compared on the same machine at the same time; the curves go to stdout only.
 */
public final class SoakBench {

    static final String HEADING = "## Soak (issue 18)";
    /** A bridge and subnet of the soak's own: it runs for a quarter of an hour, beside other benchmarks' networks. */
    private static final String BRIDGE = "orcasoak";
    private static final int EVERY = 50;

    record Sample(int cycle, double seconds, ProcessFootprint footprint) {
    }

    /** One variant's daemon under the soak, and its curve. */
    private record Soaked(String label, BenchNode node, SoakCycle cycle, List<Sample> samples) {
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<StartupBench.Variant> variants = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            variants.add(StartupBench.Variant.parse(args[i]));
        }
        boolean compared = !variants.isEmpty();
        if (!compared) {
            variants.add(new StartupBench.Variant("orca", distribution.toAbsolutePath(), null));
        }
        Path work = Files.createTempDirectory("orca-soak");
        List<Soaked> soaked = new ArrayList<>();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        try (TestRegistry registry = TestRegistry.plain()) {
            PushedImage busybox = TestImages.singleLayer(registry, "soak/busybox:1");
            for (int v = 0; v < variants.size(); v++) {
                soaked.add(start(variants.get(v), v, work, registry, busybox));
            }
            System.out.printf("soak: %d pod cycles on runc (%s) for each of %s, sampled every %d%n", cycles,
                    busybox.reference(), variants.stream().map(StartupBench.Variant::label).toList(), EVERY);
            long started = System.nanoTime();
            for (int i = 0; i <= cycles; i++) {
                for (Soaked one : soaked) {
                    if (i % EVERY == 0 || i == cycles) {
                        Sample sample = new Sample(i, (System.nanoTime() - started) / 1e9,
                                ProcessFootprint.of(one.node().pid()));
                        one.samples().add(sample);
                        System.out.printf("  %-10s cycle %5d  %7.1f s  %s%n", one.label(), i, sample.seconds(),
                                sample.footprint());
                    }
                    if (i < cycles) {
                        one.cycle().run(i);
                    }
                }
            }
        } finally {
            for (Soaked one : soaked) {
                one.node().close();
            }
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent(SoakCycle.CGROUP_PARENT);
            for (int v = 0; v < variants.size(); v++) {
                BenchNetwork.remove(BRIDGE + v);
            }
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        if (compared) {
            for (Soaked one : soaked) {
                System.out.printf("%s: %s%n", one.label(), summary(one.samples()));
            }
            System.out.printf("load average %s at the start, %s at the end%n", loadBefore, loadAfter);
            return;
        }
        String section = section(soaked.get(0).samples(), cycles, loadBefore, loadAfter);
        System.out.println(section);
        Path doc = Path.of("docs/benchmarks.md");
        if (Files.exists(doc)) {
            Figures.writeSection(doc, HEADING, section);
            System.out.println("written into " + doc.toAbsolutePath());
        }
    }

    /** Starts variant {@code v}'s daemon on a bridge and subnet of its own, with the soak's image pulled. */
    private static Soaked start(StartupBench.Variant variant, int v, Path work, TestRegistry registry,
            PushedImage busybox) throws Exception {
        Path own = Files.createDirectories(work.resolve(variant.label()));
        BenchNode node = new BenchNode(variant.distribution(), own, registry.host(), List.of(),
                BenchNetwork.deployFiles(own, BRIDGE + v, "10." + (118 + v) + ".0.0/16"),
                variant.javaOptions() == null ? Map.of() : Map.of("ORCA_JAVA_OPTS", variant.javaOptions()));
        ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
        var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
        LifecycleBench.awaitHandler(runtime);
        return new Soaked(variant.label(), node, new SoakCycle(runtime, busybox.reference(), own.resolve("logs")),
                new ArrayList<>());
    }

    static String section(List<Sample> samples, int cycles, String loadBefore, String loadAfter) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("`bench/run soak %d` — one daemon (the shipped features, a CNI bridge network), %d"
                + " pod cycles one after another: RunPodSandbox, CreateContainer and StartContainer (busybox, runc),"
                + " ExecSync, the container's log file read, ContainerStats, StopContainer, RemoveContainer,"
                + " StopPodSandbox, RemovePodSandbox; the daemon's VmRSS, open descriptors and threads read from"
                + " /proc every %d cycles.%n%n", cycles, cycles, EVERY));
        text.append(String.format("Run of %s, 2 cores, load average %s at the start and %s at the end.%n%n",
                LocalDate.now(), loadBefore.split(" ")[0], loadAfter.split(" ")[0]));
        text.append("| cycle | elapsed (s) | RSS (MB) | descriptors | threads |\n| ---: | ---: | ---: | ---: | ---: |\n");
        for (Sample s : samples) {
            text.append(String.format("| %d | %.0f | %.1f | %d | %d |%n", s.cycle(), s.seconds(),
                    s.footprint().rssKb() / 1024.0, s.footprint().descriptors(), s.footprint().threads()));
        }
        text.append(String.format("%nRSS: %s.%n", summary(samples)));
        return text.toString();
    }

    /** The curve in one line: RSS at the start, half-way and the end, the growth, descriptors and threads. */
    static String summary(List<Sample> samples) {
        Sample first = samples.get(0);
        Sample middle = samples.get(samples.size() / 2);
        Sample last = samples.get(samples.size() - 1);
        double start = first.footprint().rssKb() / 1024.0;
        double end = last.footprint().rssKb() / 1024.0;
        return String.format("%.1f MB at the start, %.1f MB at cycle %d, %.1f MB at cycle %d (%+.0f %%; %+.1f MB over"
                + " the second half); descriptors %d → %d, threads %d → %d", start,
                middle.footprint().rssKb() / 1024.0, middle.cycle(), end, last.cycle(), (end / start - 1) * 100,
                (last.footprint().rssKb() - middle.footprint().rssKb()) / 1024.0, first.footprint().descriptors(),
                last.footprint().descriptors(), first.footprint().threads(), last.footprint().threads());
    }
}
