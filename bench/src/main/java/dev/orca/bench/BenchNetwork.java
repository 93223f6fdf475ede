package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A CNI network of a benchmark's own: bridge and host-local on a private subnet, with port mappings. Nodes that run
 * side by side in one benchmark each take a network of their own (bridge {@code orcabench<n>}, subnet
 * {@code 10.(91+n).0.0/16}).
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
        Path netConf = Files.createDirectories(work.resolve("net.d"));
        Files.writeString(netConf.resolve("10-bench.conflist"), """
                {"cniVersion": "1.0.0", "name": "bench", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.91.0.0/16"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """.formatted(bridge(n), work.resolve("ipam")).replace("10.91.", "10." + (91 + n) + "."));
        return Map.of("dev.orca.network.cni.cfg", "conf.dir = " + netConf + "\ncache.dir = "
                + work.resolve("cni-cache") + "\n");
    }

    /** Deletes the bridge network 0 made. */
    static void remove() throws IOException, InterruptedException {
        remove(0);
    }

    /** Deletes the bridge network {@code n} made. */
    static void remove(int n) throws IOException, InterruptedException {
        new ProcessBuilder("ip", "link", "del", bridge(n)).start().waitFor();
    }

    private static String bridge(int n) {
        return "orcabench" + n;
    }
}
