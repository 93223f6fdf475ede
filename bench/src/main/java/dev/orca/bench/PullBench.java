package dev.orca.bench;

import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
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

/**
 * A cold pull of a large multi-layer image from a local docker-registry: by Orca over the CRI, by Debian's
 * containerd over its CRI plug-in (installed if missing; {@code nocontainerd} as the fifth argument leaves it out),
 * by {@code skopeo copy} into a local directory (download and digests only), and by {@code curl} fetching every blob
 * at once into {@code /dev/null} (the download's floor). Each round pulls an image none of
 * them has pulled before — a copy of the same recipe with random content of its own — so nothing is removed between
 * rounds: on this machine's disk, creating files is several times slower for minutes after a mass deletion, and a
 * removal before each pull would measure that. The clients take turns, in an order that rotates each round, after a
 * warm-up round.
 *
 * <p>Arguments: the distribution, or several separated by commas (each a node of its own, taking its turn: builds
 * compared), then optionally rounds (3), megabytes of random data over five layers (200), small files in one more
 * layer on top (5000), and {@code nocontainerd}.
 */
public final class PullBench {

    private static final int RANDOM_LAYERS = 5;

    /** One client of the registry: pulls a reference and says how long it took, in seconds. */
    @FunctionalInterface
    private interface Puller {
        double pull(String reference, int round) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<Path> distributions = java.util.Arrays.stream(args[0].split(",")).map(Path::of).toList();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long megabytes = args.length > 2 ? Long.parseLong(args[2]) : 200;
        int smallFiles = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        boolean withContainerd = args.length <= 4 || !args[4].equals("nocontainerd");
        if (withContainerd) {
            ComparedContainerd.install();
        }
        Path work = Files.createTempDirectory("orca-pull-bench");
        try (TestRegistry registry = TestRegistry.plain()) {
            List<PushedImage> images = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                images.add(TestImages.large(registry, "bench/large-" + round + ":1", megabytes * 1024 * 1024,
                        RANDOM_LAYERS, smallFiles, round));
            }
            PushedImage first = images.get(0);
            System.out.printf("pull: %d images like %s, %d layers (%d of random data, %d small files on top),"
                    + " %.1f MB compressed, from %s%s%n", images.size(), first.reference(),
                    first.layerDigests().size(), RANDOM_LAYERS, smallFiles, first.compressedSize() / 1e6,
                    registry.host(), withContainerd ? "; " + ComparedContainerd.version() : "");
            List<BenchNode> nodes = new ArrayList<>();
            try (ComparedContainerd containerd = withContainerd
                    ? new ComparedContainerd(work.resolve("containerd"), registry.host()) : null) {
                Map<String, Puller> pullers = new LinkedHashMap<>();
                for (int i = 0; i < distributions.size(); i++) {
                    String label = distributions.size() == 1 ? "orca" : "orca-" + (char) ('A' + i);
                    BenchNode node = new BenchNode(distributions.get(i),
                            Files.createDirectories(work.resolve(label)), registry.host(), List.of(),
                            Map.of("dev.orca.metrics.cfg", "port = 0\n"));
                    nodes.add(node);
                    var orca = ImageServiceGrpc.newBlockingStub(node.channel().channel());
                    pullers.put(label, (reference, round) -> criPull(orca, reference));
                    System.out.println(label + ": " + distributions.get(i));
                }
                if (containerd != null) {
                    containerd.startUntilReady(0);
                    pullers.put("containerd", (reference, round) -> criPull(containerd.images(), reference));
                }
                pullers.put("skopeo", (reference, round) -> skopeoCopy(reference, work.resolve("skopeo-" + round)));
                pullers.put("curl", (reference, round) -> curlBlobs(registry.host(), images.get(round)));
                report(run(pullers, images), first.compressedSize(), rounds);
            } finally {
                for (BenchNode node : nodes) {
                    node.close();
                }
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** Each round's image by every client, in an order that rotates; the warm-up round (0) is left out. */
    private static Map<String, List<Double>> run(Map<String, Puller> pullers, List<PushedImage> images)
            throws Exception {
        List<String> names = new ArrayList<>(pullers.keySet());
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        names.forEach(name -> seconds.put(name, new ArrayList<>()));
        for (int round = 0; round < images.size(); round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up:" : "round " + round + ":");
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                double took = pullers.get(name).pull(images.get(round).reference(), round);
                line.append(String.format(" %s %.2f s", name, took));
                if (round > 0) {
                    seconds.get(name).add(took);
                }
            }
            System.out.println(line);
        }
        return seconds;
    }

    private static void report(Map<String, List<Double>> seconds, long compressedBytes, int rounds) {
        String first = seconds.keySet().iterator().next();
        double orca = Figures.median(seconds.values().iterator().next());
        StringBuilder line = new StringBuilder("median of " + rounds + " rounds:");
        for (var client : seconds.entrySet()) {
            double median = Figures.median(client.getValue());
            line.append(String.format(" %s %.2f s (%.0f MB/s, %s/%s %.2f);", client.getKey(), median,
                    compressedBytes / 1e6 / median, first, client.getKey(), orca / median));
        }
        System.out.println(line.substring(0, line.length() - 1));
    }

    private static double criPull(ImageServiceGrpc.ImageServiceBlockingStub images, String reference) {
        long started = System.nanoTime();
        images.pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference)).build());
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * The download alone, as fast as this machine's registry serves it: every blob of the image (config and layers)
     * at the same time, by one {@code curl}, into {@code /dev/null} — no digest, no disk, no unpacking.
     */
    private static double curlBlobs(String registry, PushedImage image) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sSf", "--no-progress-meter", "--parallel", "--parallel-immediate",
                "--parallel-max", "16"));
        String repository = image.repository().substring(registry.length() + 1);
        List<String> digests = new ArrayList<>(image.layerDigests());
        digests.add(image.configDigest());
        for (String digest : digests) {
            command.add("http://" + registry + "/v2/" + repository + "/blobs/" + digest);
            command.add("-o");
            command.add("/dev/null");
        }
        long started = System.nanoTime();
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.INHERIT).start();
        if (curl.waitFor() != 0) {
            throw new IllegalStateException("curl of " + image.reference() + "'s blobs failed");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Into a fresh directory, kept until the end as the daemons keep what they pulled. */
    private static double skopeoCopy(String reference, Path target) throws Exception {
        long started = System.nanoTime();
        Process skopeo = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference,
                "dir:" + target).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (skopeo.waitFor() != 0) {
            throw new IllegalStateException("skopeo copy of " + reference + " failed");
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
