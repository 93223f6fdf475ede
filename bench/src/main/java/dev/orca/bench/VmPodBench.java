package dev.orca.bench;

import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ContainerMetadata;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.cri.v1.ExecSyncRequest;
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
import dev.orca.cri.v1.RemovePodSandboxRequest;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StartContainerRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StopPodSandboxRequest;
import dev.orca.os.FileTrees;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pod ready on the VM handler: RunPodSandbox → the first container running and its first log line written, with the
 * guest's boot split (from the handler's log), ExecSync latency and QEMU's resident memory per pod; the same pod on
 * runc in the same run, taking turns (vm, runc, vm, runc, ...) after a warm-up of one each.
 */
public final class VmPodBench {

    private static final Pattern QEMU_STARTED = Pattern.compile("pod (\\w+) \\([^)]*\\): QEMU pid (\\d+) started");
    private static final Pattern GUEST_UP = Pattern.compile(
            "pod (\\w+): guest \\S+ up in (\\d+) ms(?:.*?guest uptime (\\d+) ms)?");
    private static final int EXECS = 5;
    private static final NamespaceOption OWN_PID = NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER)
            .build();

    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final String image;
    private final Path logs;
    private final Path orcaLog;
    private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();

    VmPodBench(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, String image, Path logs, Path orcaLog) {
        this.runtime = runtime;
        this.image = image;
        this.logs = logs;
        this.orcaLog = orcaLog;
    }

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("orca-vm-bench");
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode node = new BenchNode(distribution, work, registry.host(), List.of("--features",
                        "core,shell,images,storage-overlay,runtime-runc,runtime-vm,network-cni"),
                        BenchNetwork.deployFiles(work))) {
            PushedImage busybox = TestImages.singleLayer(registry, "bench/busybox:1");
            ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
            var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
            awaitHandler(runtime, "vm");
            VmPodBench bench = new VmPodBench(runtime, busybox.reference(), work.resolve("logs"), node.log());
            System.out.printf("vm pods: %d rounds of one pod with one container (%s), vm and runc taking turns%n",
                    rounds, busybox.reference());
            bench.onePod("vm", false);
            bench.onePod("runc", false);
            for (int i = 0; i < rounds; i++) {
                bench.onePod("vm", true);
                bench.onePod("runc", true);
            }
            bench.report();
        } finally {
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent("orca-bench");
            BenchNetwork.remove();
        }
    }

    static void awaitHandler(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, String name) throws Exception {
        for (int i = 0; i < 600; i++) {
            var handlers = runtime.status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList();
            if (handlers.stream().anyMatch(h -> h.getName().equals(name))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("runtime handler '" + name + "' was never offered");
    }

    private void onePod(String handler, boolean record) throws Exception {
        String uid = UUID.randomUUID().toString();
        Path podLogs = Files.createDirectories(logs.resolve(uid));
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("bench-" + handler).setNamespace("bench")
                        .setUid(uid))
                .setHostname("bench").setLogDirectory(podLogs.toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/orca-bench/pod" + uid)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(OWN_PID)))
                .build();
        Map<String, Double> times = new LinkedHashMap<>();
        long start = System.nanoTime();
        String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod)
                .setRuntimeHandler(handler).build()).getPodSandboxId();
        times.put("RunPodSandbox", millisSince(start));
        try {
            measure(podId, pod, handler, start, podLogs, times);
        } finally {
            runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        }
        if (record) {
            Map<String, List<Double>> mine = figures.computeIfAbsent(handler, h -> new LinkedHashMap<>());
            times.forEach((k, v) -> mine.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
    }

    private void measure(String podId, PodSandboxConfig pod, String handler, long start, Path podLogs,
            Map<String, Double> times) throws Exception {
        long step = System.nanoTime();
        String id = runtime.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setSandboxConfig(pod).setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .addAllCommand(List.of("/bin/sh", "-c", "echo ready; exec sleep 60")).setLogPath("c.log")
                        .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(OWN_PID))))
                .build()).getContainerId();
        times.put("CreateContainer", millisSince(step));
        step = System.nanoTime();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        times.put("StartContainer", millisSince(step));
        Path log = podLogs.resolve("c.log");
        while (!Files.exists(log) || !Files.readString(log).contains("ready")) {
            if (millisSince(start) > 60_000) {
                throw new IllegalStateException("pod " + podId + ": no first log line within 60 s");
            }
            Thread.sleep(2);
        }
        times.put("pod ready (first log line)", millisSince(start));
        List<Double> execs = new ArrayList<>();
        for (int i = 0; i < EXECS; i++) {
            long exec = System.nanoTime();
            runtime.execSync(ExecSyncRequest.newBuilder().setContainerId(id).addCmd("true").setTimeout(10).build());
            execs.add(millisSince(exec));
        }
        times.put("ExecSync true (median of " + EXECS + ")", Figures.median(execs));
        if (handler.equals("vm")) {
            vmFigures(podId, times);
        }
    }

    /** The boot split the handler logged for the pod, and QEMU's resident memory while the container runs. */
    private void vmFigures(String podId, Map<String, Double> times) throws Exception {
        String log = Files.readString(orcaLog);
        Matcher up = GUEST_UP.matcher(log);
        while (up.find()) {
            if (up.group(1).equals(podId)) {
                times.put("boot: QEMU exec to agent READY", Double.parseDouble(up.group(2)));
                if (up.group(3) != null) {
                    double uptime = Double.parseDouble(up.group(3));
                    times.put("boot: guest kernel + agent (guest uptime at READY)", uptime);
                    times.put("boot: QEMU start + firmware", Double.parseDouble(up.group(2)) - uptime);
                }
            }
        }
        Matcher started = QEMU_STARTED.matcher(log);
        while (started.find()) {
            if (started.group(1).equals(podId)) {
                times.put("QEMU RSS MiB", rssMib(Long.parseLong(started.group(2))));
            }
        }
    }

    private static double rssMib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private void report() {
        figures.forEach((handler, values) -> {
            System.out.printf("%s:%n  %-52s %8s %8s %8s%n", handler, "figure", "median", "min", "max");
            values.forEach((name, list) -> System.out.printf("  %-52s %8.1f %8.1f %8.1f%n", name, Figures.median(list),
                    list.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    list.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        });
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

}
