package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.spi.NetworkException;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodAddresses;
import dev.orca.spi.PodNetworkRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's CNI plug-ins on this machine, in network namespaces and a bridge of the test's own. Needs root. */
class CniPodNetworkRootTest {

    private static final Path DEBIAN_PLUGINS = Path.of("/usr/lib/cni");

    @TempDir
    Path temp;
    private Path confDir;
    private Path scripts;
    private Path dataDir;
    private String suffix;
    private String bridge;
    private String subnetPrefix;
    private final List<String> namespaces = new ArrayList<>();
    private CniPodNetwork network;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(DEBIAN_PLUGINS.resolve("bridge")),
                "needs root and Debian's containernetworking-plugins");
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        bridge = "orcacni" + suffix;
        subnetPrefix = "10.88." + ThreadLocalRandom.current().nextInt(100, 250);
        confDir = Files.createDirectories(temp.resolve("net.d"));
        scripts = Files.createDirectories(temp.resolve("bin"));
        dataDir = temp.resolve("ipam");
        network = new CniPodNetwork(new CniSettings(confDir, List.of(scripts, DEBIAN_PLUGINS), temp.resolve("cache"),
                Duration.ofSeconds(3), Duration.ofMillis(200)), new ProcessPluginExecutor());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (network != null) {
            network.close();
        }
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
        if (bridge != null) {
            run("ip", "link", "del", bridge);
        }
    }

    private String conflist(String... extraPlugins) {
        String plugins = "{\"type\":\"bridge\",\"bridge\":\"" + bridge + "\",\"isGateway\":true,\"ipMasq\":false,"
                + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + dataDir + "\",\"ranges\":[[{\"subnet\":\""
                + subnetPrefix + ".0/24\"}]]}},"
                + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}";
        for (String extra : extraPlugins) {
            plugins += ",{\"type\":\"" + extra + "\"}";
        }
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"orca-test-" + suffix + "\",\"plugins\":[" + plugins + "]}";
    }

    private void writeConfig(String text) throws Exception {
        Files.writeString(confDir.resolve("10-orca-test.conflist"), text);
        network.refreshForTest();
    }

    private PodNetworkRequest pod(String id) throws Exception {
        String ns = "orcacni-" + suffix + "-" + id;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        return new PodNetworkRequest("orca-test-" + suffix + "-" + id, id, "default", "uid-" + id,
                Path.of("/var/run/netns", ns), List.of(), "", Map.of());
    }

    private void script(String name, String body) throws IOException {
        Path file = scripts.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    @Test
    void twoPodsGetAddressesOnTheBridgeAndLeaveNothingBehind() throws Exception {
        writeConfig(conflist());
        assertEquals(NetworkStatus.READY, network.status());
        PodNetworkRequest a = pod("a");
        PodNetworkRequest b = pod("b");

        PodAddresses addressA = network.setUp(a);
        PodAddresses addressB = network.setUp(b);

        for (var pair : List.of(Map.entry(a, addressA), Map.entry(b, addressB))) {
            String ip = pair.getValue().ips().get(0);
            assertTrue(ip.startsWith(subnetPrefix + "."), ip);
            String shown = run("nsenter", "--net=" + pair.getKey().netns(), "ip", "-4", "addr", "show", "eth0");
            assertTrue(shown.contains("inet " + ip + "/24"), shown);
        }
        assertEquals(2, veths().size(), veths().toString());
        assertEquals(2, reservations().size());

        network.tearDown(a);
        network.tearDown(b);
        network.tearDown(b);

        assertEquals(List.of(), veths());
        assertEquals(List.of(), reservations());
    }

    @Test
    void checkPassesOnAnIntactPodAndNamesWhatIsMissingOtherwise() throws Exception {
        writeConfig(conflist());
        PodNetworkRequest a = pod("a");
        network.setUp(a);

        assertTrue(network.check(a));

        run("nsenter", "--net=" + a.netns(), "ip", "addr", "flush", "dev", "eth0");
        NetworkException e = assertThrows(NetworkException.class, () -> network.check(a));
        assertTrue(e.getMessage().contains("CNI CHECK of plug-in 'bridge'"), e.getMessage());
        network.tearDown(a);
        assertThrows(NetworkException.class, () -> network.check(a), "a pod no longer connected cannot be checked");
    }

    @Test
    void tearDownSucceedsWhenTheNamespaceIsGoneOrNothingWasSetUp() throws Exception {
        writeConfig(conflist());
        PodNetworkRequest a = pod("a");
        network.setUp(a);
        run("ip", "netns", "del", namespaces.remove(0));

        network.tearDown(a);
        network.tearDown(pod("never"));

        assertEquals(List.of(), reservations());
    }

    @Test
    void missingPluginIsNamedAndNotReady() throws Exception {
        writeConfig(conflist("orca-no-such-plugin"));

        NetworkStatus status = network.status();
        assertFalse(status.ready());
        assertEquals("NetworkPluginNotReady", status.reason());
        assertTrue(status.message().contains("'orca-no-such-plugin'"), status.message());
        NetworkException e = assertThrows(NetworkException.class, () -> network.setUp(pod("a")));
        assertTrue(e.getMessage().contains("'orca-no-such-plugin' not found"), e.getMessage());
        assertEquals(List.of(), veths());
        assertEquals(List.of(), reservations());
    }

    @Test
    void malformedConfigIsNotReadyWithTheParseErrorAndStatusFollowsTheDirectory() throws Exception {
        NetworkStatus none = network.status();
        assertFalse(none.ready());
        assertTrue(none.message().contains(confDir.toString()), none.message());

        Files.writeString(confDir.resolve("10-orca-test.conflist"), "{\"cniVersion\": \"1.0.0\", \"name\": ");
        awaitStatus(false, "10-orca-test.conflist: Unexpected end-of-input");

        Files.writeString(confDir.resolve("10-orca-test.conflist"), conflist());
        awaitStatus(true, "");
        Files.delete(confDir.resolve("10-orca-test.conflist"));
        awaitStatus(false, "no CNI configuration file");
    }

    @Test
    void hangingPluginIsKilledAndTheBridgeRolledBack() throws Exception {
        script("orca-hang", "[ \"$CNI_COMMAND\" = ADD ] && exec sleep 317\nexit 0");
        writeConfig(conflist("orca-hang"));

        NetworkException e = assertThrows(NetworkException.class, () -> network.setUp(pod("a")));

        assertTrue(e.getMessage().contains("'orca-hang'") && e.getMessage().contains("did not finish within 3 s"),
                e.getMessage());
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 317")));
        assertEquals(List.of(), veths());
        assertEquals(List.of(), reservations());
    }

    @Test
    void failingPluginsMessageIsReportedAndTheBridgeRolledBack() throws Exception {
        script("orca-fail", "cat >/dev/null\nif [ \"$CNI_COMMAND\" = ADD ]; then\n"
                + "echo '{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"orca test refuses\",\"details\":\"by design\"}'\n"
                + "exit 1\nfi\nexit 0");
        writeConfig(conflist("orca-fail"));
        PodNetworkRequest a = pod("a");

        NetworkException e = assertThrows(NetworkException.class, () -> network.setUp(a));

        assertTrue(e.getMessage().contains(a.podId()) && e.getMessage().contains("'orca-fail'")
                && e.getMessage().contains("orca test refuses: by design"), e.getMessage());
        assertEquals(List.of(), veths());
        assertEquals(List.of(), reservations());
        String inNs = run("nsenter", "--net=" + a.netns(), "ip", "link");
        assertFalse(inNs.contains("eth0"), inNs);
    }

    /** The directory is polled, not refreshed by the test: the status must follow it by itself. */
    private void awaitStatus(boolean ready, String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((network.status().ready() != ready || !network.status().message().contains(message))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(ready, network.status().ready(), network.status().message());
        assertTrue(network.status().message().contains(message), network.status().message());
    }

    private List<String> veths() throws Exception {
        String out = run("ip", "-o", "link", "show", "master", bridge);
        return out.lines().filter(l -> l.contains("veth")).toList();
    }

    private List<String> reservations() throws IOException {
        Path dir = dataDir.resolve("orca-test-" + suffix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals("lock") && !n.startsWith("last_reserved_ip")).toList();
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
