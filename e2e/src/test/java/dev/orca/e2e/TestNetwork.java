package dev.orca.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A CNI network of one test's own, for Debian's plug-ins: a bridge and a private /24 (random, so that a bridge left by
 * an aborted run does not clash), host-local reservations and the CNI cache under the test's directory, and portmap.
 */
final class TestNetwork implements AutoCloseable {

    private final String bridge;
    private final String subnetPrefix;
    private final Path confDir;
    private final Path ipamDir;
    private final Path cacheDir;

    TestNetwork(Path dir, String name, int secondOctet) throws IOException {
        int third = ThreadLocalRandom.current().nextInt(1, 255);
        this.bridge = "orca" + name + third;
        this.subnetPrefix = "10." + secondOctet + "." + third;
        this.confDir = Files.createDirectories(dir.resolve("cni/net.d"));
        this.ipamDir = dir.resolve("cni/ipam");
        this.cacheDir = dir.resolve("cni/cache");
        write(conflist(""));
    }

    /** The network's configuration with {@code extraPlugins} (JSON objects, comma-first) after bridge and portmap. */
    String conflist(String extraPlugins) {
        return """
                {"cniVersion": "1.0.0", "name": "e2e", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s.0/24"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}%s]}
                """.formatted(bridge, ipamDir, subnetPrefix, extraPlugins);
    }

    /** Replaces the network's configuration file. */
    void write(String text) throws IOException {
        Files.writeString(confDir.resolve("10-e2e.conflist"), text);
    }

    /** The network bundle's configuration for a daemon: this configuration directory, cache and plug-in dirs. */
    Map<String, String> settings(String pluginDirs) {
        return Map.of("conf.dir", confDir.toString(), "cache.dir", cacheDir.toString(), "plugin.dirs", pluginDirs,
                "plugin.timeout.seconds", "10");
    }

    String bridge() {
        return bridge;
    }

    String subnetPrefix() {
        return subnetPrefix;
    }

    Path confDir() {
        return confDir;
    }

    Path ipamDir() {
        return ipamDir;
    }

    /** The host-local reservations left (one file per address). */
    long reservations() throws IOException {
        Path network = ipamDir.resolve("e2e");
        if (!Files.isDirectory(network)) {
            return 0;
        }
        try (var files = Files.list(network)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f.:]+")).count();
        }
    }

    /** The interfaces attached to the bridge, one per line. */
    String bridgePorts() throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "-o", "link", "show", "master", bridge).redirectErrorStream(true).start();
        String out = new String(ip.getInputStream().readAllBytes());
        ip.waitFor();
        return out.contains("does not exist") ? "" : out.strip();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
