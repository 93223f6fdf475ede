package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A CNI network of a benchmark's own: bridge and host-local on a private subnet, with port mappings. Nodes that run
 * side by side in one benchmark each take a network of their own (bridge {@code orcabench<n>}, subnet
 * {@code 10.(91+n).0.0/16}); a benchmark that must not meet the others' bridges names its own.
 */
final class BenchNetwork {

    private BenchNetwork() {
    }

    /** Network 0's deploy files. */
    static Map<String, String> deployFiles(Path work) throws IOException {
        return deployFiles(work, 0);
    }

    /** Writes network {@code n}'s configuration under {@code work}; the deploy/ file that points the CNI bundle at it. */
    static Map<String, String> deployFiles(Path work, int n) throws IOException {
        return deployFiles(work, bridge(n), "10." + (91 + n) + ".0.0/16");
    }

    /** Writes a network on {@code bridge} and {@code subnet} under {@code work}; the deploy/ file for Orca. */
    static Map<String, String> deployFiles(Path work, String bridge, String subnet) throws IOException {
        Path netConf = writeConfList(work, bridge, subnet);
        return Map.of("dev.orca.network.cni.cfg", "conf.dir = " + netConf + "\ncache.dir = "
                + work.resolve("cni-cache") + "\n");
    }

    /** Writes {@code work/net.d/10-bench.conflist} (any CNI runtime reads it) and returns that folder. */
    static Path writeConfList(Path work, String bridge, String subnet) throws IOException {
        Path netConf = Files.createDirectories(work.resolve("net.d"));
        Files.writeString(netConf.resolve("10-bench.conflist"), """
                {"cniVersion": "1.0.0", "name": "bench", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """.formatted(bridge, work.resolve("ipam"), subnet));
        return netConf;
    }

    /** Deletes the bridge network 0 made. */
    static void remove() throws IOException, InterruptedException {
        remove(0);
    }

    /** Deletes the bridge network {@code n} made. */
    static void remove(int n) throws IOException, InterruptedException {
        remove(bridge(n));
    }

    /** Deletes {@code bridge} (absent is fine). */
    static void remove(String bridge) throws IOException, InterruptedException {
        new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static String bridge(int n) {
        return "orcabench" + n;
    }
}
