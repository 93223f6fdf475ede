package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxStatusRequest;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
    static TestNetwork network;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.plain();
        PushedImage busybox = TestImages.singleLayer(registry, "net/busybox:1");
        orca = new OrcaDaemon(dir);
        network = orca.network();
        script("orca-test-fails", "echo '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"orca-test-fails refuses\","
                + "\"details\":\"on purpose\"}'; exit 1");
        script("orca-test-hangs", "exec sleep 60");
        script("orca-test-holds", "touch " + dir.resolve("held") + "; sleep 5");
        orca.configure("dev.orca.image", Map.of("registries.conf", Files.writeString(dir.resolve("registries.conf"),
                OrcaDaemon.insecure(registry.host())).toString()));
        orca.start();
        pods = new CriPods(orca, busybox.reference(), dir.resolve("logs"));
        pods.awaitDefaultHandler();
        awaitNetworkReady(true);
        orca.pull(busybox.reference());
    }

    /** A CNI plug-in of the test's own: {@code body} runs on ADD; DEL and CHECK succeed. */
    static void script(String name, String body) throws Exception {
        Path file = orca.pluginDir().resolve(name);
        Files.writeString(file, "#!/bin/sh\nif [ \"$CNI_COMMAND\" = ADD ]; then\n" + body + "\nfi\nexit 0\n");
        file.toFile().setExecutable(true);
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

    /** Nothing of a pod's network is left: no veth on the bridge, no address reservation, no pinned namespace. */
    private static String verboseInfo(String pod) {
        return orca.runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(pod)
                .setVerbose(true).build()).getInfoOrThrow("info");
    }

    static void assertNothingLeft() throws Exception {
        assertEquals("", network.bridgePorts(), "no veth is left on the bridge");
        assertEquals(0, network.reservations(), "no address reservation is left");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(dir + "/run/runtimes"),
                "no pinned namespace file is left");
    }

    static void assertNotListed(String name) {
        assertTrue(orca.runtime().listPodSandbox(dev.orca.cri.v1.ListPodSandboxRequest.getDefaultInstance())
                .getItemsList().stream().noneMatch(pod -> pod.getMetadata().getName().equals(name)), name);
    }

    @Test
    void twoPodsGetAddressesReachEachOtherAndLeaveNothingBehind() throws Exception {
        PodSandboxConfig serverPod = pods.pod("server", Map.of());
        PodSandboxConfig clientPod = pods.pod("client", Map.of());
        String server = pods.run(serverPod);
        String client = pods.run(clientPod);
        String serverIp = ip(server);
        String clientIp = ip(client);
        assertTrue(serverIp.startsWith(network.subnetPrefix() + ".") && clientIp.startsWith(network.subnetPrefix()
                + "."), serverIp + " " + clientIp);
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
        assertEquals(2, network.bridgePorts().lines().count(), network.bridgePorts());
        // a verbose status shows the latest CHECK and asks for one when there is none: it ends a second later
        String verbose = verboseInfo(server);
        assertTrue(verbose.contains("\"networkCheck\":\"not checked yet: a CNI CHECK runs in"), verbose);
        for (int i = 0; i < 50 && !verbose.contains("\"networkCheck\":\"passed\""); i++) {
            Thread.sleep(100);
            verbose = verboseInfo(server);
        }
        assertTrue(verbose.contains("\"networkCheck\":\"passed\""), verbose);
        assertTrue(verbose.contains("\"networkCheckedAt\":\""), verbose);

        pods.removePod(server);
        pods.removePod(client);

        assertNothingLeft();
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
        assertNothingLeft();
    }

    @Test
    void aMissingPlugInRefusesThePodNamingItAndLeavesNothing() throws Exception {
        refused(network.conflist(",{\"type\": \"no-such-plugin\"}"), Status.Code.UNAVAILABLE, "no-such-plugin");
    }

    @Test
    void aMalformedConfigurationRefusesThePodNamingTheFileAndLine() throws Exception {
        String message = refused(network.conflist("").replace("\"plugins\": [", "\"plugins\": [[,"),
                Status.Code.UNAVAILABLE, "10-e2e.conflist");
        assertTrue(message.contains("at line"), message);
    }

    @Test
    void aFailingPlugInRefusesThePodWithItsOwnErrorAndEverythingIsUndone() throws Exception {
        refused(network.conflist(",{\"type\": \"orca-test-fails\"}"), Status.Code.UNKNOWN,
                "orca-test-fails refuses: on purpose (code 11)");
    }

    @Test
    void aHangingPlugInIsKilledAfterTheTimeoutAndEverythingIsUndone() throws Exception {
        long started = System.nanoTime();
        refused(network.conflist(",{\"type\": \"orca-test-hangs\"}"), Status.Code.UNKNOWN,
                "did not finish within 10 s");
        assertTrue(System.nanoTime() - started < 30_000_000_000L, "refused after the plug-in time-out");
        Process hung = new ProcessBuilder("pgrep", "-f", "orca-test-hangs").start();
        assertEquals("", new String(hung.getInputStream().readAllBytes()).strip(), "the hung plug-in is gone");
    }

    /**
     * With {@code conflist} in force, RunPodSandbox is refused with {@code code} and a message containing
     * {@code cause}, which it returns; no pod, veth, reservation or namespace is left.
     */
    private static String refused(String conflist, Status.Code code, String cause) throws Exception {
        network.write(conflist);
        try {
            Thread.sleep(1500);
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                    () -> pods.run(pods.pod("unlucky", Map.of())));
            assertEquals(code, error.getStatus().getCode(), error.getMessage());
            assertTrue(error.getStatus().getDescription().contains(cause), error.getMessage());
            assertNotListed("unlucky");
            assertNothingLeft();
            return error.getStatus().getDescription();
        } finally {
            network.write(network.conflist(""));
            awaitNetworkReady(true);
            Thread.sleep(1500);
        }
    }

    @Test
    void aDaemonKilledDuringAddCleansUpWhenItComesBack() throws Exception {
        network.write(network.conflist(",{\"type\": \"orca-test-holds\"}"));
        Thread.sleep(1500);
        Path held = dir.resolve("held");
        Files.deleteIfExists(held);
        Thread call = new Thread(() -> {
            try {
                pods.run(pods.pod("interrupted", Map.of()));
            } catch (RuntimeException | java.io.IOException expected) {
                // the daemon dies under the call
            }
        });
        call.start();
        for (int i = 0; i < 200 && !Files.exists(held); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(held), "the ADD reached the last plug-in");
        assertEquals(1, network.bridgePorts().lines().count(), "the bridge plug-in has connected the pod");
        orca.kill9();
        call.join(10_000);
        Thread.sleep(5500);
        network.write(network.conflist(""));

        orca.start();
        orca.awaitLog("that an interrupted RunPodSandbox left half-made", java.time.Duration.ofSeconds(30));
        assertNothingLeft();
        assertNotListed("interrupted");
        pods.removePod(pods.run(pods.pod("interrupted", Map.of())));
    }

    @Test
    void networkReadyFollowsTheConfigurationDirectory() throws Exception {
        Path conf = network.confDir().resolve("10-e2e.conflist");
        String text = Files.readString(conf);
        Files.delete(conf);
        try {
            awaitNetworkReady(false);
            var condition = orca.runtime().status(StatusRequest.getDefaultInstance()).getStatus().getConditions(1);
            assertEquals("NetworkPluginNotReady", condition.getReason());
            assertTrue(condition.getMessage().contains(network.confDir().toString()), condition.getMessage());
        } finally {
            Files.writeString(conf, text);
            awaitNetworkReady(true);
        }
    }
}
