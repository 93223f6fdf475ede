package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods connected with Debian's CNI plug-ins (bridge, host-local) on a bridge and private subnet of this test's own:
 * addresses in status and /etc/hosts, one pod reaching the other, nothing left after removal.
 */
class PodNetworkIT {

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static OrcaDaemon orca;
    static CriPods pods;
    static String bridge;
    static String subnet;
    static Path netConf;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.plain();
        PushedImage busybox = TestImages.singleLayer(registry, "net/busybox:1");
        int third = ThreadLocalRandom.current().nextInt(10, 250);
        bridge = "orcae2e" + third;
        subnet = "10.89." + third;
        netConf = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(netConf.resolve("10-e2e.conflist"), """
                {"cniVersion": "1.0.0", "name": "e2e", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s.0/24"}]]}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """.formatted(bridge, dir.resolve("ipam"), subnet));
        Files.createDirectories(dir);
        orca = new OrcaDaemon(dir);
        orca.configure("dev.orca.network.cni", Map.of("conf.dir", netConf.toString(),
                "cache.dir", dir.resolve("cni-cache").toString()));
        orca.configure("dev.orca.image", Map.of("registries.conf", Files.writeString(dir.resolve("registries.conf"),
                OrcaDaemon.insecure(registry.host())).toString()));
        orca.start(List.of("--features", "core,shell,images,storage-overlay,runtime-runc,network-cni"));
        pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        pods.awaitDefaultHandler();
        awaitNetworkReady(true);
        orca.pull(busybox.reference());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            pods.removeAll();
            orca.close();
        }
        if (registry != null) {
            registry.close();
        }
        new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
    }

    static void awaitNetworkReady(boolean ready) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (orca.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(1).getStatus()
                != ready) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("NetworkReady never became " + ready + ":\n"
                        + orca.runtime().status(StatusRequest.getDefaultInstance()) + orca.log());
            }
            Thread.sleep(100);
        }
    }

    static String ip(String podId) {
        return orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build())
                .getStatus().getNetwork().getIp();
    }

    static String bridgePorts() throws Exception {
        Process ip = new ProcessBuilder("ip", "-o", "link", "show", "master", bridge).redirectErrorStream(true)
                .start();
        String out = new String(ip.getInputStream().readAllBytes());
        ip.waitFor();
        return out.strip();
    }

    @Test
    void twoPodsGetAddressesReachEachOtherAndLeaveNothingBehind() throws Exception {
        PodSandboxConfig serverPod = pods.pod("server", Map.of());
        PodSandboxConfig clientPod = pods.pod("client", Map.of());
        String server = pods.run(serverPod);
        String client = pods.run(clientPod);
        String serverIp = ip(server);
        String clientIp = ip(client);
        assertTrue(serverIp.startsWith(subnet + ".") && clientIp.startsWith(subnet + "."), serverIp + " " + clientIp);
        assertNotEquals(serverIp, clientIp);

        pods.createAndStart(server, serverPod, pods.container("httpd", "httpd.log", "/bin/sh", "-c",
                "mkdir -p /tmp/www && echo hello-from-server > /tmp/www/index.html && exec httpd -f -p 8080"
                        + " -h /tmp/www"));
        String wget = pods.createAndStart(client, clientPod, pods.container("wget", "wget.log", "/bin/sh", "-c",
                "exec sleep 60"));
        String page = "";
        for (int i = 0; i < 50 && !page.contains("hello"); i++) {
            page = pods.output(wget, "wget", "-qO-", "http://" + serverIp + ":8080/");
            Thread.sleep(100);
        }
        assertEquals("hello-from-server\n", page);
        assertTrue(pods.output(wget, "cat", "/etc/hosts").contains(clientIp + "\tclient"));
        assertEquals(2, bridgePorts().lines().count(), bridgePorts());

        pods.removePod(server);
        pods.removePod(client);

        assertEquals("", bridgePorts(), "no veth is left on the bridge");
        try (var reserved = Files.list(dir.resolve("ipam/e2e"))) {
            assertFalse(reserved.anyMatch(f -> f.getFileName().toString().startsWith(subnet)),
                    "no address reservation is left");
        }
    }

    @Test
    void aHostPortReachesThePodFromTheHostOnLoopback() throws Exception {
        int hostPort = ThreadLocalRandom.current().nextInt(20000, 30000);
        PodSandboxConfig serverPod = pods.pod("mapped", Map.of()).toBuilder().addPortMappings(
                dev.orca.cri.v1.PortMapping.newBuilder().setContainerPort(8080).setHostPort(hostPort)
                        .setHostIp("127.0.0.1")).build();
        String server = pods.run(serverPod);
        try {
            pods.createAndStart(server, serverPod, pods.container("httpd", "httpd.log", "/bin/sh", "-c",
                    "mkdir -p /tmp/www && echo mapped > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"));
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
            String body = "";
            for (int i = 0; i < 50 && !body.contains("mapped"); i++) {
                try {
                    body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + hostPort + "/")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertEquals("mapped\n", body);
        } finally {
            pods.removePod(server);
        }
    }

    @Test
    void fiftyPodsCreatedAndRemovedLeaveNoVethAddressOrNamespace() throws Exception {
        for (int i = 0; i < 50; i++) {
            pods.removePod(pods.run(pods.pod("churn-" + i, Map.of())));
        }
        assertEquals("", bridgePorts(), "no veth");
        try (var reserved = Files.list(dir.resolve("ipam/e2e"))) {
            assertFalse(reserved.anyMatch(f -> f.getFileName().toString().startsWith(subnet)), "no reservation");
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(dir.toString() + "/run/runtimes"),
                "no pinned namespace file");
    }

    @Test
    void aMissingPlugInRefusesThePodNamingItAndLeavesNothing() throws Exception {
        Path conf = netConf.resolve("10-e2e.conflist");
        String text = Files.readString(conf);
        Files.writeString(conf, text.replace("\"type\": \"portmap\"", "\"type\": \"no-such-plugin\""));
        try {
            awaitNetworkReady(false);
            io.grpc.StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(
                    io.grpc.StatusRuntimeException.class, () -> pods.run(pods.pod("unlucky", Map.of())));
            assertEquals(io.grpc.Status.Code.UNAVAILABLE, error.getStatus().getCode());
            assertTrue(error.getStatus().getDescription().contains("no-such-plugin"), error.getMessage());
            assertTrue(orca.runtime().listPodSandbox(dev.orca.cri.v1.ListPodSandboxRequest.getDefaultInstance())
                    .getItemsList().stream().noneMatch(pod -> pod.getMetadata().getName().equals("unlucky")));
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(dir + "/run/runtimes"),
                    "no pinned namespace is left");
        } finally {
            Files.writeString(conf, text);
            awaitNetworkReady(true);
        }
    }

    @Test
    void networkReadyFollowsTheConfigurationDirectory() throws Exception {
        Path conf = netConf.resolve("10-e2e.conflist");
        String text = Files.readString(conf);
        Files.delete(conf);
        try {
            awaitNetworkReady(false);
            var condition = orca.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(1);
            assertEquals("NetworkPluginNotReady", condition.getReason());
            assertTrue(condition.getMessage().contains(netConf.toString()), condition.getMessage());
        } finally {
            Files.writeString(conf, text);
            awaitNetworkReady(true);
        }
    }
}
