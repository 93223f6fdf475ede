package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Orca as shipped (the distribution's default features and handlers), copied under a work folder and started with
 * bin/orca on a root and run root of its own, its image store sending registry.k8s.io and gcr.io to the benchmark's
 * registry, its pods on a CNI bridge of its own. {@code ORCA_JAVA_OPTS} of the benchmark's environment reaches the
 * daemon's JVM (a flight recording, say), unless the bench gives options of its own.
 */
final class ComparedOrca extends ComparedDaemon {

    static final String BRIDGE = "orcacmp0";

    private final String bridge;
    private final String javaOptions;

    /**
     * Which Orca of a run: its name, the bridge and subnet of its pods, and its {@code ORCA_JAVA_OPTS} (null: none).
     */
    record Setup(String name, String bridge, String subnet, String javaOptions) {

        /** The one Orca of a run, with the benchmark's own {@code ORCA_JAVA_OPTS}. */
        static Setup single() {
            return new Setup("orca", BRIDGE, "10.93.0.0/16", System.getenv("ORCA_JAVA_OPTS"));
        }

        /** One of several Orcas running at once, each on a bridge and subnet of its own. */
        static Setup oneOfSeveral(String name, String bridge, String subnet) {
            return new Setup(name, bridge, subnet, System.getenv("ORCA_JAVA_OPTS"));
        }

        /** The same with {@code options} (null: none) as the daemon's JVM options instead. */
        Setup withJavaOptions(String options) {
            return new Setup(name, bridge, subnet, options);
        }
    }

    ComparedOrca(Path distribution, Path work, String registry, Setup setup) throws IOException {
        super(setup.name(), work);
        this.bridge = setup.bridge();
        this.javaOptions = setup.javaOptions();
        BenchNode.copy(distribution, home());
        Path conf = work.resolve("registries.conf");
        Files.writeString(conf, mirrors(registry, "registry.k8s.io", "gcr.io"));
        Path deploy = home().resolve("deploy");
        Files.writeString(deploy.resolve("dev.orca.image.cfg"), "registries.conf = " + conf + "\n");
        // the shipped port may be taken by another Orca on this machine
        Files.writeString(deploy.resolve("dev.orca.metrics.cfg"), "port = 0\n");
        for (var file : BenchNetwork.deployFiles(work, bridge, setup.subnet()).entrySet()) {
            Files.writeString(deploy.resolve(file.getKey()), file.getValue());
        }
        BenchNode.archiveClassesAsInstalled(distribution, home());
    }

    /**
     * One Orca per distribution, for builds compared side by side: named "orca" when alone, else "orca-A", "orca-B"…,
     * each on a bridge ({@code bridgePrefix} and its index) and a subnet ({@code 10.(subnetBase + index).0.0/16}) of
     * its own; each is named with its distribution on stdout.
     */
    static List<ComparedOrca> sideBySide(List<Path> distributions, Path work, String registry, String bridgePrefix,
            int subnetBase) throws IOException {
        List<ComparedOrca> orcas = new java.util.ArrayList<>();
        for (int i = 0; i < distributions.size(); i++) {
            String name = distributions.size() == 1 ? "orca" : "orca-" + (char) ('A' + i);
            orcas.add(new ComparedOrca(distributions.get(i), work.resolve(name), registry,
                    Setup.oneOfSeveral(name, bridgePrefix + i, "10." + (subnetBase + i) + ".0.0/16")));
            System.out.printf("%s: %s%n", name, distributions.get(i));
        }
        return orcas;
    }

    /** A registries.conf whose mirror (plain HTTP) serves {@code domains}. */
    static String mirrors(String mirror, String... domains) {
        StringBuilder text = new StringBuilder();
        for (String domain : domains) {
            text.append("[[registry]]\nprefix = \"").append(domain).append("\"\nlocation = \"").append(domain)
                    .append("\"\n[[registry.mirror]]\nlocation = \"").append(mirror).append("\"\ninsecure = true\n\n");
        }
        return text.toString();
    }

    private Path home() {
        return work.resolve("orca");
    }

    @Override
    List<String> command() {
        return List.of(home().resolve("bin/orca").toString(), "--root", work.resolve("root").toString(),
                "--run-root", work.resolve("run").toString());
    }

    @Override
    Map<String, String> environment() {
        return javaOptions == null ? Map.of() : Map.of("ORCA_JAVA_OPTS", javaOptions);
    }

    @Override
    Path socket() {
        return work.resolve("run/orca.sock");
    }

    @Override
    Map<Path, String> runtimeRoots() {
        return Map.of(work.resolve("run/runtimes/runc/root"), "/usr/sbin/runc",
                work.resolve("run/runtimes/crun/root"), "/usr/bin/crun");
    }

    @Override
    void removeOutsideWork() throws IOException, InterruptedException {
        BenchNetwork.remove(bridge);
    }
}
