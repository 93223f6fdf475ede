package dev.orca.bench;

import dev.orca.os.FileTrees;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lifecycle benchmark with pods connected through CNI (bridge and host-local on a private subnet of the
 * benchmark's own), 10 pods at a time; the time each RunPodSandbox spent in network set-up, as the daemon logs it.
 */
final class NetworkSetupBench {

    private static final Pattern CONNECTED = Pattern.compile("connected in (\\d+) ms");

    private NetworkSetupBench() {
    }

    static void run(Path distribution, int pods) throws Exception {
        Path work = Files.createTempDirectory("orca-network-bench");
        Map<String, String> deploy = BenchNetwork.deployFiles(work);
        List<String> features = List.of("--features", "core,shell,images,storage-overlay,runtime-runc,network-cni");
        try (TestRegistry registry = TestRegistry.plain();
                BenchNode node = new BenchNode(distribution, work, registry.host(), features, deploy)) {
            PushedImage busybox = TestImages.singleLayer(registry, "bench/busybox:1");
            ImageServiceGrpc.newBlockingStub(node.channel().channel()).pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage(busybox.reference())).build());
            var runtime = RuntimeServiceGrpc.newBlockingStub(node.channel().channel());
            LifecycleBench.awaitHandler(runtime);
            System.out.printf("network set-up: %d pods on a CNI bridge, 10 in parallel%n", pods);
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("warm-up", 5, 1);
            int before = setUpMillis(node.log()).size();
            new LifecycleBench(runtime, busybox.reference(), work.resolve("logs")).report("10 in parallel", pods, 10);
            List<Long> nanos = setUpMillis(node.log()).subList(before, before + pods).stream()
                    .map(ms -> ms * 1_000_000).toList();
            System.out.printf("  network set-up in RunPodSandbox: p50 %.0f ms, p99 %.0f ms%n",
                    LifecycleBench.percentile(nanos, 50), LifecycleBench.percentile(nanos, 99));
        } finally {
            FileTrees.delete(work);
            LifecycleBench.removeCgroupParent("orca-bench");
            BenchNetwork.remove();
        }
    }

    private static List<Long> setUpMillis(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().map(CONNECTED::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).toList();
    }
}
