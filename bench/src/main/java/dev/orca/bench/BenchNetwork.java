package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A CNI network of a benchmark's own: bridge and host-local on a private subnet, with port mappings. */
final class BenchNetwork {

    static final String BRIDGE = "orcabench0";

    private BenchNetwork() {
    }

    /** Writes the network's configuration under {@code work}; the deploy/ file that points the CNI bundle at it. */
    static Map<String, String> deployFiles(Path work) throws IOException {
        Path netConf = Files.createDirectories(work.resolve("net.d"));
        Files.writeString(netConf.resolve("10-bench.conflist"), """
                {"cniVersion": "1.0.0", "name": "bench", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.91.0.0/16"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """.formatted(BRIDGE, work.resolve("ipam")));
        return Map.of("dev.orca.network.cni.cfg", "conf.dir = " + netConf + "\ncache.dir = "
                + work.resolve("cni-cache") + "\n");
    }

    /** Deletes the bridge the network made. */
    static void remove() throws IOException, InterruptedException {
        new ProcessBuilder("ip", "link", "del", BRIDGE).start().waitFor();
    }
}
