package dev.orca.bench;

import dev.orca.os.FileTrees;
import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cold pull of a large multi-layer image from a local docker-registry, by Orca over the CRI and by
 * {@code skopeo copy} into a local directory, taking turns (A B A B ...) after one warm-up of each.
 */
public final class PullBench {

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long megabytes = args.length > 2 ? Long.parseLong(args[2]) : 220;
        Path work = Files.createTempDirectory("orca-pull-bench");
        try (TestRegistry registry = TestRegistry.plain()) {
            PushedImage image = TestImages.large(registry, "bench/large:1", megabytes * 1024 * 1024, 5);
            System.out.printf("pull: %s, %d layers, %.1f MB compressed, from %s%n", image.reference(),
                    image.layerDigests().size(), image.compressedSize() / 1e6, registry.host());
            try (BenchNode node = new BenchNode(distribution, work, registry.host())) {
                var images = ImageServiceGrpc.newBlockingStub(node.channel().channel());
                List<Double> orcaSeconds = new ArrayList<>();
                List<Double> skopeoSeconds = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) {
                    double a = orcaPull(images, image.reference());
                    double b = skopeoCopy(image.reference(), work.resolve("skopeo-" + round));
                    String label = round == 0 ? "warm-up" : "round " + round;
                    System.out.printf("%s: orca %.2f s, skopeo %.2f s%n", label, a, b);
                    if (round > 0) {
                        orcaSeconds.add(a);
                        skopeoSeconds.add(b);
                    }
                }
                double orcaMedian = Figures.median(orcaSeconds);
                double skopeoMedian = Figures.median(skopeoSeconds);
                System.out.printf("median of %d rounds: orca %.2f s (%.0f MB/s), skopeo copy %.2f s (%.0f MB/s),"
                        + " ratio orca/skopeo %.2f%n", rounds, orcaMedian, image.compressedSize() / 1e6 / orcaMedian,
                        skopeoMedian, image.compressedSize() / 1e6 / skopeoMedian, orcaMedian / skopeoMedian);
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** Removes the image (and so its layers) first, so that every pull is cold. */
    private static double orcaPull(ImageServiceGrpc.ImageServiceBlockingStub images, String reference) {
        images.removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference))
                .build());
        long started = System.nanoTime();
        images.pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference)).build());
        return (System.nanoTime() - started) / 1e9;
    }

    private static double skopeoCopy(String reference, Path target) throws Exception {
        long started = System.nanoTime();
        Process skopeo = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference,
                "dir:" + target).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (skopeo.waitFor() != 0) {
            throw new IllegalStateException("skopeo copy failed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        FileTrees.delete(target);
        return seconds;
    }





}
