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

/**
 * The soak: N pod cycles ({@link SoakCycle}: run, create and start a container, ExecSync, its log, ContainerStats,
 * stop, remove) one after another against one daemon, its resident memory, descriptors and threads sampled every 50
 * cycles. Prints the curve and writes it into docs/benchmarks.md ("Soak (issue 18)").
 */
public final class SoakBench {

    static final String HEADING = "## Soak (issue 18)";
    /** A bridge and subnet of the soak's own: it runs for a quarter of an hour, beside other benchmarks' networks. */
    private static final String BRIDGE = "orcasoak0";
    private static final String SUBNET = "10.118.0.0/16";
    private static final int EVERY = 50;

    record Sample(int cycle, double seconds, ProcessFootprint footprint) {
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path work = Files.createTempDirectory("orca-soak");
        List<Sample> samples = new ArrayList<>();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode node = new BenchNode(distribution, work, registry.host(), List.of(),
                        BenchNetwork.deployFiles(work, BRIDGE, SUBNET))) {
            PushedImage busybox = TestImages.singleLayer(registry, "soak/busybox:1");
            ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
            var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
            LifecycleBench.awaitHandler(runtime);
            SoakCycle cycle = new SoakCycle(runtime, busybox.reference(), work.resolve("logs"));
            System.out.printf("soak: %d pod cycles on runc (%s), sampled every %d%n", cycles, busybox.reference(),
                    EVERY);
            long started = System.nanoTime();
            for (int i = 0; i <= cycles; i++) {
                if (i % EVERY == 0 || i == cycles) {
                    Sample sample = new Sample(i, (System.nanoTime() - started) / 1e9,
                            ProcessFootprint.of(node.pid()));
                    samples.add(sample);
                    System.out.printf("  cycle %5d  %7.1f s  %s%n", i, sample.seconds(), sample.footprint());
                }
                if (i < cycles) {
                    cycle.run(i);
                }
            }
        } finally {
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent(SoakCycle.CGROUP_PARENT);
            BenchNetwork.remove(BRIDGE);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        String section = section(samples, cycles, loadBefore, loadAfter);
        System.out.println(section);
        Path doc = Path.of("docs/benchmarks.md");
        if (Files.exists(doc)) {
            Figures.writeSection(doc, HEADING, section);
            System.out.println("written into " + doc.toAbsolutePath());
        }
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
        Sample first = samples.get(0);
        Sample middle = samples.get(samples.size() / 2);
        Sample last = samples.get(samples.size() - 1);
        text.append(String.format("%nRSS: %.1f MB at the start, %.1f MB at cycle %d, %.1f MB at cycle %d (%+.1f MB over"
                + " the second half); descriptors %d → %d, threads %d → %d.%n", first.footprint().rssKb() / 1024.0,
                middle.footprint().rssKb() / 1024.0, middle.cycle(), last.footprint().rssKb() / 1024.0, last.cycle(),
                (last.footprint().rssKb() - middle.footprint().rssKb()) / 1024.0, first.footprint().descriptors(),
                last.footprint().descriptors(), first.footprint().threads(), last.footprint().threads()));
        return text.toString();
    }
}
