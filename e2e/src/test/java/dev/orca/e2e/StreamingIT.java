package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.AttachRequest;
import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PortForwardRequest;
import dev.orca.cri.v1.StopContainerRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec, attach and port-forward end to end: CRI calls for URLs, then the streaming protocols spoken by clients the
 * tests carry (SPDY/3.1 and WebSocket, written from the protocol descriptions), against containers on the default
 * handler.
 */
class StreamingIT {

    private static final int BLOB = 100 << 20;
    private static final String V4 = "v4.channel.k8s.io";

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;
    static String podId;
    static String app;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "streaming/busybox:1");
        orca = node.orca;
        pods = node.pods;
        PodSandboxConfig config = pods.pod("streams", Map.of());
        podId = pods.run(config);
        app = pods.create(podId, config, "app", "app/0.log", "/bin/sh", "-c",
                "head -c " + BLOB + " /dev/urandom > /tmp/blob; (while true; do nc -l -p 8080 < /tmp/blob; done &);"
                + " (while true; do echo hello-ws | nc -l -p 8081; done &); touch /tmp/ready;"
                + " i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
        pods.start(app);
        pods.awaitFile(app, "/tmp/ready");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static URI exec(boolean tty, boolean stdin, boolean stderr, String... command) {
        return URI.create(orca.runtime().exec(ExecRequest.newBuilder().setContainerId(app).addAllCmd(List.of(command))
                .setTty(tty).setStdin(stdin).setStdout(true).setStderr(stderr).build()).getUrl());
    }

    @Test
    void spdyExecWithoutTerminalSeparatesTheStreamsAndReportsTheExitCode() throws Exception {
        URI url = exec(false, true, true, "sh", "-c", "cat; echo oops >&2; exit 3");
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of(V4, "v3.channel.k8s.io"))) {
            assertEquals(V4, client.protocol());
            int error = client.open(Map.of("streamtype", "error"));
            int stdin = client.open(Map.of("streamtype", "stdin"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            int stderr = client.open(Map.of("streamtype", "stderr"));
            client.data(stdin, "hello stdin\n".getBytes(StandardCharsets.UTF_8), true);
            assertTrue(client.awaitEnd(error, 20).finished, "no status");
            assertEquals("hello stdin\n", client.stream(stdout).text());
            assertEquals("oops\n", client.stream(stderr).text());
            String status = client.stream(error).text();
            assertTrue(status.contains("\"status\":\"Failure\"") && status.contains("\"reason\":\"NonZeroExitCode\"")
                    && status.contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}"), status);
        }
    }

    @Test
    void spdyExecWithTerminalSeesTheSizeTheClientSends() throws Exception {
        URI url = exec(true, true, false, "sh", "-c", "sleep 1; stty size");
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of(V4))) {
            int error = client.open(Map.of("streamtype", "error"));
            client.open(Map.of("streamtype", "stdin"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            int resize = client.open(Map.of("streamtype", "resize"));
            client.data(resize, "{\"Width\":101,\"Height\":37}".getBytes(StandardCharsets.UTF_8), false);
            assertTrue(client.awaitEnd(error, 20).finished, "no status");
            assertTrue(client.stream(stdout).text().contains("37 101"), client.stream(stdout).text());
            assertEquals("{\"metadata\":{},\"status\":\"Success\"}", client.stream(error).text());
        }
    }

    /**
     * An Exec that comes while the streaming server is away (its bundle stopped for a moment, or, on a node that has
     * just become ready, not yet started: the streaming feature starts after the network) waits for it, as calls wait
     * for the image store, and gets a URL that works.
     */
    @Test
    void anExecWhileTheStreamingServerIsAwayWaitsForItToComeBack() throws Exception {
        String listing = orca.shell("lb -s streaming\n");
        String bundleId = listing.lines().filter(l -> l.contains("|dev.orca.streaming (")).findFirst()
                .orElseThrow(() -> new AssertionError("no streaming bundle listed:\n" + listing)).split("\\|")[0]
                .replaceAll("[^0-9]", "");
        // Gogo cannot turn a number into a Bundle for "stop ID" here; the framework's own call does it.
        orca.shell("($.context bundle " + bundleId + ") stop\n");
        java.util.concurrent.CompletableFuture<URI> url;
        try {
            url = java.util.concurrent.CompletableFuture.supplyAsync(() -> exec(false, false, true, "echo", "back"));
            Thread.sleep(1000);
            assertFalse(url.isDone(), "Exec answered while the streaming server was away: " + url);
        } finally {
            orca.shell("($.context bundle " + bundleId + ") start\n");
        }
        try (StreamingWebSocketClient client = StreamingWebSocketClient.connect(url.get(20, TimeUnit.SECONDS), V4)) {
            assertEquals(1000, client.awaitClose(20));
            assertEquals("back\n", new String(client.channel(1), StandardCharsets.UTF_8));
        }
    }

    @Test
    void webSocketExecCarriesOutputAndStatusOnTheirChannels() throws Exception {
        URI url = exec(false, false, true, "sh", "-c", "echo out; echo err >&2");
        try (StreamingWebSocketClient client = StreamingWebSocketClient.connect(url, V4)) {
            assertEquals(V4, client.subprotocol());
            assertEquals(1000, client.awaitClose(20));
            assertEquals("out\n", new String(client.channel(1), StandardCharsets.UTF_8));
            assertEquals("err\n", new String(client.channel(2), StandardCharsets.UTF_8));
            assertEquals("{\"metadata\":{},\"status\":\"Success\"}",
                    new String(client.channel(3), StandardCharsets.UTF_8));
        }
    }

    @Test
    void spdyAttachSeesTheContainersOutputAndDetaches() throws Exception {
        URI url = URI.create(orca.runtime().attach(AttachRequest.newBuilder().setContainerId(app).setStdout(true)
                .build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of(V4))) {
            client.open(Map.of("streamtype", "error"));
            int stdout = client.open(Map.of("streamtype", "stdout"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.stream(stdout).text().contains("tick") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(client.stream(stdout).text().contains("tick"), client.stream(stdout).text());
        }
        Thread.sleep(500);
        assertEquals(dev.orca.cri.v1.ContainerState.CONTAINER_RUNNING, pods.status(app).getState());
    }

    @Test
    void spdyPortForwardCarries100MegabytesUnchanged() throws Exception {
        String expected = pods.exec(app, "sha256sum", "/tmp/blob").getStdout().toStringUtf8().split(" ")[0];
        URI url = URI.create(orca.runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId)
                .addPort(8080).build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of("portforward.k8s.io"))) {
            int error = client.open(Map.of("streamtype", "error", "port", "8080", "requestid", "0"));
            int data = client.open(Map.of("streamtype", "data", "port", "8080", "requestid", "0"));
            client.data(error, new byte[0], true);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long received = 0;
            long started = System.nanoTime();
            while (received < BLOB) {
                byte[] chunk = client.next(data, 30);
                assertTrue(chunk != null && chunk.length > 0, "the data stream ended after " + received + " bytes: "
                        + client.stream(error).text());
                sha.update(chunk, 0, (int) Math.min(chunk.length, BLOB - received));
                received += chunk.length;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("port-forward over SPDY: %d MiB in %.2f s, %.0f MiB/s%n", BLOB >> 20, seconds,
                    (BLOB >> 20) / seconds);
            assertEquals(expected, HexFormat.of().formatHex(sha.digest()));
            client.reset(data);
            client.reset(error);
        }
    }

    @Test
    void spdyPortForwardReportsAPortNobodyListensOn() throws Exception {
        URI url = URI.create(orca.runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId)
                .addPort(9).build()).getUrl());
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of("portforward.k8s.io"))) {
            int error = client.open(Map.of("streamtype", "error", "port", "9", "requestid", "1"));
            client.open(Map.of("streamtype", "data", "port", "9", "requestid", "1"));
            assertTrue(client.awaitEnd(error, 10).finished);
            String message = client.stream(error).text();
            assertTrue(message.contains("port 9") && message.contains(podId), message);
        }
    }

    @Test
    void webSocketPortForwardAnnouncesThePortThenCarriesData() throws Exception {
        URI url = URI.create(orca.runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId)
                .addPort(8081).build()).getUrl() + "?ports=8081");
        try (StreamingWebSocketClient client = StreamingWebSocketClient.connect(url, V4)) {
            assertEquals(1000, client.awaitClose(20));
            byte[] data = client.channel(0);
            assertArrayEquals(new byte[] {(byte) (8081 & 0xff), (byte) (8081 >> 8)}, java.util.Arrays.copyOf(data,
                    2));
            assertEquals("hello-ws\n", new String(data, 2, data.length - 2, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTokenServesOneClientAndUnknownTokensAreRefused() throws Exception {
        URI url = exec(false, false, false, "true");
        try (StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of(V4))) {
            int error = client.open(Map.of("streamtype", "error"));
            client.open(Map.of("streamtype", "stdout"));
            assertTrue(client.awaitEnd(error, 20).finished);
        }
        var again = assertThrows(StreamingSpdyClient.RefusedException.class,
                () -> StreamingSpdyClient.connect(url, List.of(V4)));
        assertEquals(404, again.status);
        assertTrue(again.body.contains("was used already"), again.body);
        URI unknown = url.resolve("/exec/not-a-token");
        var refused = assertThrows(StreamingSpdyClient.RefusedException.class,
                () -> StreamingSpdyClient.connect(unknown, List.of(V4)));
        assertEquals(404, refused.status);
        assertTrue(refused.body.contains("is not known"), refused.body);
        var protocol = assertThrows(StreamingSpdyClient.RefusedException.class,
                () -> StreamingSpdyClient.connect(exec(false, false, false, "true"), List.of("v9.channel.k8s.io")));
        assertEquals(403, protocol.status);
    }

    @Test
    void badRequestsAreRefusedWithTheirCause() {
        var noStreams = assertThrows(StatusRuntimeException.class, () -> orca.runtime().exec(ExecRequest.newBuilder()
                .setContainerId(app).addCmd("true").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noStreams.getStatus().getCode());
        var ttyStderr = assertThrows(StatusRuntimeException.class, () -> exec(true, false, true, "true"));
        assertEquals(Status.Code.INVALID_ARGUMENT, ttyStderr.getStatus().getCode());
        assertTrue(ttyStderr.getStatus().getDescription().contains("tty and stderr"));
        var unknown = assertThrows(StatusRuntimeException.class, () -> orca.runtime().exec(ExecRequest.newBuilder()
                .setContainerId("0000feed").addCmd("true").setStdout(true).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("0000feed"));
    }

    @Test
    void aStoppedContainerRefusesExecAndAttach() throws Exception {
        PodSandboxConfig config = pods.pod("stopped", Map.of());
        String pod = pods.run(config);
        String id = pods.create(pod, config, "done", "done/0.log", "/bin/sh", "-c", "sleep 60");
        pods.start(id);
        orca.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build());
        var exec = assertThrows(StatusRuntimeException.class, () -> orca.runtime().exec(ExecRequest.newBuilder()
                .setContainerId(id).addCmd("true").setStdout(true).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, exec.getStatus().getCode());
        assertTrue(exec.getStatus().getDescription().contains(id), exec.getStatus().getDescription());
        var attach = assertThrows(StatusRuntimeException.class, () -> orca.runtime().attach(AttachRequest
                .newBuilder().setContainerId(id).setStdout(true).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, attach.getStatus().getCode());
    }

    @Test
    void aClientThatVanishesLeavesNoProcessBehind() throws Exception {
        URI url = exec(true, true, false, "sleep", "4242");
        StreamingSpdyClient client = StreamingSpdyClient.connect(url, List.of(V4));
        client.open(Map.of("streamtype", "error"));
        client.open(Map.of("streamtype", "stdin"));
        client.open(Map.of("streamtype", "stdout"));
        client.open(Map.of("streamtype", "resize"));
        awaitProcesses("sleep 4242", true);
        client.close();
        awaitProcesses("sleep 4242", false);
        awaitProcesses("exec --process", false);
    }

    /** A WebSocket client no one here wrote: the npm registry's @kubernetes/client-node, its Exec over v4/v5. */
    @Test
    void kubernetesClientNodeExecsOverWebSocket() throws Exception {
        Path work = Path.of("target", "client-node-1").toAbsolutePath();
        java.nio.file.Files.createDirectories(work);
        if (!java.nio.file.Files.isDirectory(work.resolve("node_modules/@kubernetes/client-node"))) {
            Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    "@kubernetes/client-node@1").directory(work.toFile()).redirectErrorStream(true).start();
            String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0, "npm install: " + log);
        }
        Path script = work.resolve("client-node-exec.mjs");
        try (var in = StreamingIT.class.getResourceAsStream("/streaming/client-node-exec.mjs")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        URI url = exec(false, false, true, "sh", "-c", "echo from-node; echo to-stderr >&2; exit 5");
        Process node = new ProcessBuilder("node", script.toString(), url.toString()).directory(work.toFile())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("\"stdout\":\"from-node\\n\"") && output.contains("to-stderr"), output);
        assertTrue(output.contains("NonZeroExitCode") && output.contains("\"message\":\"5\""), output);
    }

    /**
     * A process's arguments as it was started with them ({@code /proc/PID/cmdline}): Java's command line names the
     * executable instead of the first argument, which for busybox's applets is {@code busybox}.
     */
    private static String arguments(long pid) {
        try {
            return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    private static void awaitProcesses(String commandLine, boolean present) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            boolean found = ProcessHandle.allProcesses().anyMatch(p -> arguments(p.pid()).contains(commandLine));
            if (found == present) {
                return;
            }
            assertFalse(System.nanoTime() > deadline, "a process running '" + commandLine + "' "
                    + (present ? "never started" : "was left behind"));
            Thread.sleep(100);
        }
    }
}
