package dev.orca.bench;

import dev.orca.os.FileTrees;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemoveContainerRequest;
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StopContainerRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The pod lifecycle over the CRI socket — RunPodSandbox, CreateContainer, StartContainer, StopContainer,
 * RemoveContainer, StopPodSandbox, RemovePodSandbox — N pods one after another and N pods 10 at a time, with p50 and
 * p99 per call; and, in the same run, the same container run directly with {@code runc run} as the floor.
 */
public final class LifecycleBench {

    private static final NamespaceOption OWN_PID = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER)
            .build();

    private final Map<String, List<Long>> nanos = new TreeMap<>();
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final String image;
    private final Path logs;

    LifecycleBench(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, String image, Path logs) {
        this.runtime = runtime;
        this.image = image;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        if (args.length > 2 && args[2].equals("network")) {
            NetworkSetupBench.run(distribution, pods);
            return;
        }
        Path work = Files.createTempDirectory("orca-lifecycle-bench");
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode node = new BenchNode(distribution, work, registry.host(), List.of(),
                        BenchNetwork.deployFiles(work))) {
            PushedImage busybox = TestImages.singleLayer(registry, "bench/busybox:1");
            ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
            var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
            awaitHandler(runtime);
            System.out.printf("lifecycle: %d pods of one container (%s) on runc, sequentially and 10 in parallel%n",
                    pods, busybox.reference());
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("warm-up", 5, 1);
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("sequential", pods, 1);
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("10 in parallel", pods, 10);
            RuncFloor.report(work.resolve("floor"), pods);
        } finally {
            FileTrees.delete(work);
            removeCgroupParent("orca-bench");
            BenchNetwork.remove();
        }
    }

    /** The pods' cgroup parent, which the kubelet would own: the benchmark made it, the benchmark removes it. */
    static void removeCgroupParent(String name) throws java.io.IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                if (Files.isDirectory(hierarchy.resolve(name))) {
                    try (var tree = Files.walk(hierarchy.resolve(name))) {
                        for (Path cgroup : tree.filter(Files::isDirectory)
                                .sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(cgroup);
                        }
                    }
                }
            }
        }
    }

    static void awaitHandler(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (runtime.status(dev.orca.cri.v1.StatusRequest.getDefaultInstance()).getStatus().getConditions(0)
                    .getStatus()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no default runtime handler was offered");
    }

    /** {@code pods} lifecycles one after another, their times added to this bench's. */
    void run(int pods) {
        for (int i = 0; i < pods; i++) {
            onePod();
        }
    }

    /** p50 and p99 per call of everything run so far. */
    void print(String label) {
        System.out.printf("%s:%n  %-18s %8s %8s%n", label, "call", "p50 ms", "p99 ms");
        nanos.forEach((call, values) -> System.out.printf("  %-18s %8.1f %8.1f%n", call, percentile(values, 50),
                percentile(values, 99)));
    }

    /** {@code count} pods, each with one running container, left running; their IDs. */
    List<String> runningPods(int count) throws Exception {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PodSandboxConfig pod = podConfig();
            String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                    .getPodSandboxId();
            String id = runtime.createContainer(containerRequest(podId, pod)).getContainerId();
            runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
            pods.add(podId);
        }
        return pods;
    }

    /** A pod sandbox without containers, left running; its ID. */
    String emptyPod() throws java.io.IOException {
        return runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(podConfig()).build())
                .getPodSandboxId();
    }

    /** Stops and removes the pods (and so their containers). */
    void removePods(List<String> pods) {
        for (String podId : pods) {
            runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        }
    }

    void report(String label, int pods, int parallel) throws Exception {
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            runs.add(threads.submit(this::onePod));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        threads.shutdown();
        double total = (System.nanoTime() - started) / 1e9;
        if (label.equals("warm-up")) {
            return;
        }
        System.out.printf("%s: %d pods in %.2f s (%.1f pods/s)%n", label, pods, total, pods / total);
        print("  per call");
    }

    private <T> T timed(String call, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        long took = System.nanoTime() - start;
        synchronized (nanos) {
            nanos.computeIfAbsent(call, c -> new ArrayList<>()).add(took);
        }
        return result;
    }

    private PodSandboxConfig podConfig() throws java.io.IOException {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("bench").setNamespace("bench").setUid(uid))
                .setHostname("bench").setLogDirectory(Files.createDirectories(logs.resolve(uid)).toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/orca-bench/pod" + uid)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(OWN_PID)))
                .build();
    }

    private CreateContainerRequest containerRequest(String podId, PodSandboxConfig pod) {
        return CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId).setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .addAllCommand(List.of("/bin/sh", "-c", "exec sleep 600")).setLogPath("c.log")
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(OWN_PID))))
                .build();
    }

    private void onePod() {
        try {
            PodSandboxConfig pod = podConfig();
            String podId = timed("1 RunPodSandbox", () -> runtime.runPodSandbox(RunPodSandboxRequest.newBuilder()
                    .setConfig(pod).build()).getPodSandboxId());
            String id = timed("2 CreateContainer", () -> runtime.createContainer(containerRequest(podId, pod))
                    .getContainerId());
            timed("3 StartContainer", () -> runtime.startContainer(StartContainerRequest.newBuilder()
                    .setContainerId(id).build()));
            timed("4 StopContainer", () -> runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(id)
                    .setTimeout(0).build()));
            timed("5 RemoveContainer", () -> runtime.removeContainer(RemoveContainerRequest.newBuilder()
                    .setContainerId(id).build()));
            timed("6 StopPodSandbox", () -> runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                    .setPodSandboxId(podId).build()));
            timed("7 RemovePodSandbox", () -> runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                    .setPodSandboxId(podId).build()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
