package dev.orca.bench;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.ImageStatusRequest;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * critest's "start a container from scratch" benchmark, sampled many times: critest times it once per run, which is
 * too few samples to compare two builds. One cycle makes the calls critest's makes, in its order, with its pod and
 * container: RunPodSandbox, ImageStatus of busybox, CreateContainer ({@code top}), StartContainer, StopPodSandbox with
 * the container running, RemovePodSandbox. Each distribution given is started as {@link CritestOrcaBench} starts it
 * (a bridge of its own, the critest images' registry as its mirror); after a warm-up they take turns cycle by cycle
 * (A B A B). The medians of the whole cycle and of each call go to stdout.
 *
 * <p>Arguments: the distribution, or several separated by commas, then optionally cycles (40) and handler
 * ({@code default} for the node's default; runc otherwise named).
 */
public final class FromScratchBench {

    private static final int WARM_UP = 10;
    private static final String TOTAL = "from scratch (the whole cycle)";

    private FromScratchBench() {
    }

    public static void main(String[] args) throws Exception {
        CompareBench.NETTY_BOOTSTRAP_LOG.setLevel(java.util.logging.Level.SEVERE);
        List<Path> distributions = java.util.Arrays.stream(args[0].split(",")).map(Path::of).toList();
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String handler = args.length > 2 && !args[2].equals("default") ? args[2] : "";
        Path tools = Path.of(System.getProperty("orca.tools", "../shared/tools")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("orca-from-scratch-bench");
        CritestImages images = new CritestImages(tools, work.resolve("images"), "127.0.0.1:" + CompareBench.freePort());
        List<ComparedOrca> daemons = new ArrayList<>();
        List<AutoCloseable> parts = new ArrayList<>();
        Thread cleanup = new Thread(() -> CompareBench.cleanUp(work, parts.toArray(AutoCloseable[]::new)),
                "from-scratch-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            daemons.addAll(ComparedOrca.sideBySide(distributions, work, images.host(), "orcascr", 105));
            parts.addAll(daemons);
            parts.add(images);
            System.out.printf("from scratch, %s: %d cycles each after %d of warm-up, taking turns%n",
                    handler.isEmpty() ? "default handler" : "handler " + handler, cycles, WARM_UP);
            images.start();
            System.out.println("load average before: " + CompareBench.loadAverage());
            Map<ComparedOrca, Map<String, List<Double>>> samples = new LinkedHashMap<>();
            for (ComparedOrca orca : daemons) {
                orca.start(0);
                orca.images().pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(CritestBenchmark.BUSYBOX)).build());
                for (int i = 0; i < WARM_UP; i++) {
                    cycle(orca, handler, new LinkedHashMap<>());
                }
                samples.put(orca, new LinkedHashMap<>());
            }
            for (int i = 0; i < cycles; i++) {
                for (ComparedOrca orca : daemons) {
                    cycle(orca, handler, samples.get(orca));
                }
            }
            System.out.println("load average after: " + CompareBench.loadAverage());
            samples.forEach((orca, byCall) -> {
                System.out.printf("%s, medians, ms:%n", orca.name());
                byCall.forEach((call, values) -> System.out.printf("  %-32s %8.1f%n", call,
                        Figures.median(values)));
            });
        } finally {
            CompareBench.cleanUp(work, parts.toArray(AutoCloseable[]::new));
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("left behind: " + CompareBench.leftBehind(work));
        }
    }

    /** One pod and container from scratch, as critest makes it; the times of each call and of the whole, in ms. */
    private static void cycle(ComparedOrca orca, String handler, Map<String, List<Double>> into) {
        var runtime = orca.runtime();
        String uid = UUID.randomUUID().toString();
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("from-scratch-" + uid).setUid(uid)
                        .setNamespace("from-scratch-bench").setAttempt(0))
                .setLinux(LinuxPodSandboxConfig.getDefaultInstance()).build();
        long started = System.nanoTime();
        String podId = timed(into, "RunPodSandbox", () -> runtime.runPodSandbox(RunPodSandboxRequest.newBuilder()
                .setConfig(pod).setRuntimeHandler(handler).build()).getPodSandboxId());
        timed(into, "ImageStatus", () -> orca.images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(CritestBenchmark.BUSYBOX)).build()));
        String id = timed(into, "CreateContainer", () -> runtime.createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId).setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("container-" + uid))
                        .setImage(ImageSpec.newBuilder().setImage(CritestBenchmark.BUSYBOX)).addCommand("top")
                        .setLinux(LinuxContainerConfig.getDefaultInstance()))
                .build()).getContainerId());
        timed(into, "StartContainer", () -> runtime.startContainer(StartContainerRequest.newBuilder()
                .setContainerId(id).build()));
        timed(into, "StopPodSandbox", () -> runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                .setPodSandboxId(podId).build()));
        timed(into, "RemovePodSandbox", () -> runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                .setPodSandboxId(podId).build()));
        into.computeIfAbsent(TOTAL, c -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
    }

    private static <T> T timed(Map<String, List<Double>> into, String call, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        into.computeIfAbsent(call, c -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
        return result;
    }
}
