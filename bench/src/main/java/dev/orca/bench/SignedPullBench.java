package dev.orca.bench;

import dev.orca.cri.v1.ImageServiceGrpc;
import dev.orca.cri.v1.ImageSpec;
import dev.orca.cri.v1.PullImageRequest;
import dev.orca.cri.v1.RemoveImageRequest;
import dev.orca.os.FileTrees;
import dev.orca.testkit.CosignKeyFiles;
import dev.orca.testkit.CosignSignatures;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.LookasideHttp;
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
 * What verifying a signature adds to a pull: one node with the signatures feature, one image pushed under several
 * repositories whose policy scopes differ only in what they require — nothing ({@code insecureAcceptAnything}), a
 * gpg simple signature from a file:// lookaside store, the same over HTTP, a sigstore signature attached in the
 * registry (ECDSA P-256) — each pull cold (every copy removed
 * first, so no layer is shared), taking turns after a warm-up of each.
 */
public final class SignedPullBench {

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("orca-signed-pull-bench");
        Path lookaside = Files.createDirectories(work.resolve("lookaside"));
        try (TestRegistry registry = TestRegistry.plain();
                LookasideHttp server = LookasideHttp.serving(lookaside);
                GpgSigner signer = new GpgSigner(work.resolve("signer"), lookaside)) {
            PushedImage image = TestImages.singleLayer(registry, "bench/source:1");
            String key = signer.generateKey("Orca Bench", GpgSigner.Algorithm.RSA2048, "0");
            Path keyring = signer.export(key, "trusted.gpg");
            Map<String, String> kinds = new LinkedHashMap<>();
            kinds.put("unverified", registry.host() + "/bench/plain:1");
            kinds.put("gpg file://", registry.host() + "/bench/gpg-file:1");
            kinds.put("gpg http://", registry.host() + "/bench/gpg-http:1");
            kinds.put("sigstore", registry.host() + "/bench/sigstore:1");
            signer.sign(image.reference(), kinds.get("unverified"), key);
            signer.sign(image.reference(), kinds.get("gpg file://"), key);
            signer.sign(image.reference(), kinds.get("gpg http://"), key);
            // The same manifest under bench/sigstore, its signature attached in the registry as cosign does.
            String digest = signer.sign(image.reference(), kinds.get("sigstore"), key);
            CosignKeyFiles.Pair cosign = CosignKeyFiles.ecdsa(work, "cosign", "secp256r1");
            CosignSignatures.attach(registry, "bench/sigstore", digest, kinds.get("sigstore"),
                    cosign.keys().getPrivate());

            Path etc = Files.createDirectories(work.resolve("etc"));
            String signedBy = "[{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"" + keyring + "\"}]";
            Files.writeString(etc.resolve("policy.json"), "{\"default\": [{\"type\": \"reject\"}], \"transports\": "
                    + "{\"docker\": {\"" + registry.host() + "/bench/plain\": [{\"type\": \"insecureAcceptAnything\"}],"
                    + " \"" + registry.host() + "/bench/gpg-file\": " + signedBy + ", \"" + registry.host()
                    + "/bench/gpg-http\": " + signedBy + ", \"" + registry.host() + "/bench/sigstore\": [{\"type\": "
                    + "\"sigstoreSigned\", \"keyPath\": \"" + cosign.publicKey() + "\"}]}}}");
            Path registriesD = Files.createDirectories(etc.resolve("registries.d"));
            Files.writeString(registriesD.resolve("bench.yaml"), "docker:\n  " + registry.host()
                    + "/bench/gpg-file:\n    lookaside: file://" + lookaside + "\n  " + registry.host()
                    + "/bench/gpg-http:\n    lookaside: " + server.base() + "\n  " + registry.host()
                    + "/bench/sigstore:\n    use-sigstore-attachments: true\n");
            String shipped = Figures.shippedFeatures(distribution);
            String features = List.of(shipped.split(",")).contains("signatures") ? shipped : shipped + ",signatures";
            Map<String, String> deploy = Map.of("dev.orca.signatures.cfg", "policy.path = " + etc.resolve("policy.json")
                    + "\nregistries.d = " + registriesD + "\n");
            System.out.printf("signed pull: %s (%.1f MB compressed), %d rounds, features %s%n", image.reference(),
                    image.compressedSize() / 1e6, rounds, features);
            try (BenchNode node = new BenchNode(distribution, Files.createDirectories(work.resolve("node")), registry.host(),
                    List.of("--features", features), deploy)) {
                BenchNode.awaitLog(node.log(), "in force for pulls");
                var images = ImageServiceGrpc.newBlockingStub(node.channel().channel());
                Map<String, List<Double>> cold = rounds(images, kinds, rounds, true);
                Map<String, List<Double>> repeated = rounds(images, kinds, rounds * 5, false);
                System.out.printf("medians (cold: %d rounds, every copy removed first; repeated: %d rounds, the"
                        + " image already stored, so the manifest fetch and the policy are all there is):%n", rounds,
                        rounds * 5);
                double coldBase = Figures.median(cold.get("unverified"));
                double repeatedBase = Figures.median(repeated.get("unverified"));
                for (String kind : kinds.keySet()) {
                    double c = Figures.median(cold.get(kind));
                    double r = Figures.median(repeated.get(kind));
                    System.out.printf("  %-12s cold %7.1f ms (%+.1f)   repeated %6.1f ms (%+.1f)%n", kind, c,
                            c - coldBase, r, r - repeatedBase);
                }
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** A warm-up and then {@code rounds} rounds, each pulling every kind once in turn; the times by kind. */
    private static Map<String, List<Double>> rounds(ImageServiceGrpc.ImageServiceBlockingStub images,
            Map<String, String> kinds, int rounds, boolean cold) {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        kinds.keySet().forEach(kind -> millis.put(kind, new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder((cold ? "cold " : "repeated ")
                    + (round == 0 ? "warm-up:" : "round " + round + ":"));
            for (var kind : kinds.entrySet()) {
                double ms = cold ? coldPull(images, kind.getValue(), kinds.values()) : pull(images, kind.getValue());
                line.append(String.format(" %s %.1f ms", kind.getKey(), ms));
                if (round > 0) {
                    millis.get(kind.getKey()).add(ms);
                }
            }
            System.out.println(line);
        }
        return millis;
    }

    /** Removes every copy (so no layer is already there), then times PullImage. */
    private static double coldPull(ImageServiceGrpc.ImageServiceBlockingStub images, String reference,
            Iterable<String> all) {
        for (String any : all) {
            images.removeImage(RemoveImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(any)).build());
        }
        return pull(images, reference);
    }

    private static double pull(ImageServiceGrpc.ImageServiceBlockingStub images, String reference) {
        long started = System.nanoTime();
        images.pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(reference)).build());
        return (System.nanoTime() - started) / 1e6;
    }
}
