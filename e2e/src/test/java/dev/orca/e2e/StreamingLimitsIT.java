package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.PodSandboxConfig;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming server's limits, tightened through deploy/: one stream connection at a time (the next is refused
 * with 429), and an idle connection closed after 2 s, its exec'd process killed with it.
 */
class StreamingLimitsIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static String app;

    @BeforeAll
    static void start() throws Exception {
        node = BusyboxNode.start(dir, "limits/busybox:1");
        int starts = node.orca.log().split("streaming server \\(exec", -1).length;
        Files.writeString(node.orca.home().resolve("deploy/dev.orca.streaming.cfg"),
                "max.concurrent.streams = 1\nstream.idle.timeout.seconds = 2\n");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (node.orca.log().split("streaming server \\(exec", -1).length <= starts) {
            assertTrue(System.nanoTime() < deadline, "the streaming server was not reconfigured");
            Thread.sleep(50);
        }
        PodSandboxConfig pod = node.pods.pod("limits", Map.of());
        app = node.pods.createAndStart(node.pods.run(pod), pod, node.pods.container("app", "app.log", "/bin/sh",
                "-c", "exec sleep 300"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static URI exec(String... command) {
        return URI.create(node.orca.runtime().exec(ExecRequest.newBuilder().setContainerId(app)
                .addAllCmd(List.of(command)).setStdout(true).build()).getUrl());
    }

    @Test
    void aSecondConcurrentStreamIsRefusedWith429AndAnIdleOneIsClosedWithItsProcess() throws Exception {
        try (StreamingWebSocketClient first = StreamingWebSocketClient.connect(exec("sleep", "31"),
                "v4.channel.k8s.io")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> StreamingWebSocketClient.connect(exec("echo", "second"), "v4.channel.k8s.io"));
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
            assertEquals(429, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

            long started = System.nanoTime();
            try {
                first.awaitClose(15);
            } catch (ExecutionException closedUnderIt) {
                // the server may drop the connection without a close frame
            }
            long idleMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(idleMillis >= 1000 && idleMillis < 10_000, "closed after " + idleMillis + " ms idle");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.endsWith("sleep 31"))
                .orElse(false))) {
            assertTrue(System.nanoTime() < deadline, "the idle exec's process was left running");
            Thread.sleep(100);
        }
        try (StreamingWebSocketClient again = StreamingWebSocketClient.connect(exec("echo", "after"),
                "v4.channel.k8s.io")) {
            assertEquals(1000, again.awaitClose(20));
            assertEquals("after\n", new String(again.channel(1), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
