package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.orca.cri.v1.AttachRequest;
import dev.orca.cri.v1.ContainerState;
import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PortForwardRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming server against the kubelet's own SPDY library: {@code src/test/go/spdyclient}, built here on
 * moby/spdystream from Debian's {@code golang-github-docker-spdystream-dev}, does what client-go's SPDY round-tripper,
 * remotecommand (v4) and portforward do — the framing crictl and kubectl use — and prints a JSON summary.
 */
class KubeletSpdyClientIT {

    private static final Path GO_SOURCE = Path.of("src", "test", "go", "spdyclient");
    private static final Path SPDYSTREAM = Path.of("/usr/share/gocode/src/github.com/moby/spdystream");

    @TempDir
    static Path dir;
    static Path client;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;
    static String podId;
    static String app;

    @BeforeAll
    static void start() throws Exception {
        client = buildClient();
        node = BusyboxNode.start(dir, "kubelet-spdy/busybox:1");
        orca = node.orca;
        pods = node.pods;
        PodSandboxConfig config = pods.pod("kubelet-spdy", Map.of());
        podId = pods.run(config);
        app = pods.create(podId, config, "app", "app/0.log", "/bin/sh", "-c",
                "mkdir -p /tmp/www; echo hello-from-httpd > /tmp/www/index.html; httpd -f -p 8083 -h /tmp/www &"
                + " nc -ll -p 8082 -e cat & touch /tmp/ready;"
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

    /** {@code go build} in GOPATH mode against Debian's packaged sources: offline, about a second. */
    private static Path buildClient() throws Exception {
        if (!Files.isDirectory(SPDYSTREAM)) {
            fail(SPDYSTREAM + " is missing: run scripts/install-deps.sh (golang-github-docker-spdystream-dev)");
        }
        Path target = Path.of("target").toAbsolutePath();
        Path binary = target.resolve("spdyclient");
        ProcessBuilder build = new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
                .directory(GO_SOURCE.toFile()).redirectErrorStream(true);
        build.environment().putAll(Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode", "GOFLAGS", "",
                "GOCACHE", target.resolve("go-cache").toString()));
        Process go;
        try {
            go = build.start();
        } catch (IOException e) {
            return fail("the Go toolchain is missing (" + e.getMessage() + "): run scripts/install-deps.sh, which "
                    + "installs golang-go and golang-github-docker-spdystream-dev");
        }
        String log = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(go.waitFor(120, TimeUnit.SECONDS) && go.exitValue() == 0, "go build " + GO_SOURCE + ": " + log);
        return binary;
    }

    /** Runs the client and returns its JSON summary. */
    private static String spdyClient(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(client.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-ping", "200ms")); // client-go pings every 5 s; here the answers are checked too
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        System.out.println("spdyclient " + arguments[0] + ": " + output);
        return output;
    }

    private static String exec(boolean tty, boolean stdin, boolean stderr, String... command) {
        return orca.runtime().exec(ExecRequest.newBuilder().setContainerId(app).addAllCmd(List.of(command))
                .setTty(tty).setStdin(stdin).setStdout(true).setStderr(stderr).build()).getUrl();
    }

    private static String portForward(int port) {
        return orca.runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId).addPort(port)
                .build()).getUrl();
    }

    @Test
    void execWithoutTerminalSeparatesTheStreamsAndReportsExitCode3() throws Exception {
        String url = exec(false, true, true, "sh", "-c", "cat; echo oops >&2; sleep 0.5; exit 3");
        String summary = spdyClient("exec", url, "-stdin", "hello stdin\n", "-stderr");
        assertTrue(summary.contains("\"protocol\":\"v4.channel.k8s.io\""), summary);
        assertTrue(summary.contains("\"streams\":[\"error\",\"stdin\",\"stdout\",\"stderr\"]"), summary);
        assertTrue(summary.contains("\"stdout\":\"hello stdin\\n\"") && summary.contains("\"stderr\":\"oops\\n\""),
                summary);
        assertTrue(summary.contains("\"exitCode\":3") && summary.contains("NonZeroExitCode"), summary);
        assertTrue(summary.contains("\"error\":\"command terminated with non-zero exit code"), summary);
        assertTrue(!summary.contains("pingError") && !summary.contains("\"pings\":0"), "pings unanswered: " + summary);
    }

    @Test
    void execWithTerminalSeesTheSizeSentFirst() throws Exception {
        // busybox's stty reads the size once: the resize is sent as soon as the streams exist, the command waits
        String url = exec(true, true, false, "sh", "-c", "sleep 1; stty size");
        String summary = spdyClient("exec", url, "-keep-stdin", "-tty", "-resize", "101x37");
        assertTrue(summary.contains("\"streams\":[\"error\",\"stdin\",\"stdout\",\"resize\"]"), summary);
        assertTrue(summary.contains("\"stdout\":\"37 101\\r\\n\""), summary);
        assertTrue(summary.contains("\"exitCode\":0") && summary.contains("\"error\":\"\""), summary);
    }

    @Test
    void attachSeesTheContainersOutputAndDetaches() throws Exception {
        String url = orca.runtime().attach(AttachRequest.newBuilder().setContainerId(app).setStdout(true).build())
                .getUrl();
        String summary = spdyClient("exec", url, "-until", "tick");
        assertTrue(summary.contains("\"streams\":[\"error\",\"stdout\"]"), summary);
        assertTrue(summary.contains("\"detached\":true") && summary.contains("tick "), summary);
        Thread.sleep(500);
        assertEquals(ContainerState.CONTAINER_RUNNING, pods.status(app).getState());
    }

    @Test
    void portForwardReachesAnHttpServerInThePod() throws Exception {
        String summary = spdyClient("portforward", portForward(8083), "-port", "8083", "-connections", "2",
                "-send", "GET /index.html HTTP/1.0\r\n\r\n");
        assertTrue(summary.contains("\"protocol\":\"portforward.k8s.io\""), summary);
        assertEquals(2, summary.split(" 200 OK", -1).length - 1, summary);
        assertEquals(2, summary.split("hello-from-httpd\\\\n", -1).length - 1, summary);
        assertTrue(!summary.contains("\"error\""), summary);
    }

    @Test
    void portForwardEchoesFourMegabytesThroughNetcatAndEndsOnTheClientsHalfClose() throws Exception {
        String line = "0123456789abcdef".repeat(63) + "spdystream-echo\n";
        int repeat = 4096;
        String summary = spdyClient("portforward", portForward(8082), "-port", "8082", "-send", line,
                "-repeat", Integer.toString(repeat));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                line.repeat(repeat).getBytes(StandardCharsets.UTF_8)));
        assertTrue(summary.contains("\"receivedBytes\":" + line.length() * repeat + ",\"receivedSha256\":\""
                + sha256 + "\""), summary);
        assertTrue(!summary.contains("\"error\""), summary);
    }

    @Test
    void portForwardToAPortNobodyListensOnReportsItOnTheErrorStream() throws Exception {
        String summary = spdyClient("portforward", portForward(9), "-port", "9");
        assertTrue(summary.contains("an error occurred forwarding 9") && summary.contains("port 9")
                && summary.contains(podId), summary);
    }
}
