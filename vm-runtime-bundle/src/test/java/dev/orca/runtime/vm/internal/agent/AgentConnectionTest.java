package dev.orca.runtime.vm.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConnectionTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void repliesReachTheirRequestsAndErrorsAreTheAgentsWords() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"), (id, request) -> switch (
                request.get("op").orElseThrow()) {
            case "create" -> Fields.of("ok", "1", "pid", "42");
            default -> Fields.of("error", "container \"c\": exec: \"nosuch\": executable file not found in $PATH");
        });
             AgentConnection connection = AgentConnection.open("pod-a", dir.resolve("agent.sock"))) {
            assertEquals(42, connection.call(Fields.of("op", "create", "id", "c"), SECOND).number("pid", 0));
            AgentException refused = assertThrows(AgentException.class,
                    () -> connection.call(Fields.of("op", "start", "id", "c"), SECOND));
            assertEquals(AgentException.Kind.REFUSED, refused.kind());
            assertEquals("container \"c\": exec: \"nosuch\": executable file not found in $PATH",
                    refused.getMessage());
        }
    }

    @Test
    void outputAndExitGoToTheirChannelAndAnEarlyExitWaitsForItsListener() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"), (id, request) -> Fields.of("ok", "1"));
             AgentConnection connection = AgentConnection.open("pod-a", dir.resolve("agent.sock"))) {
            connection.call(Fields.of("op", "hello"), SECOND);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            connection.listen(5, new ProcessListener() {
                @Override
                public void output(FrameType stream, byte[] bytes) {
                    out.writeBytes(bytes);
                }

                @Override
                public void exited(ExitStatus status) {
                    exit.complete(status);
                }
            });
            agent.send(new Frame(FrameType.STDOUT, 5, "hi\n".getBytes(StandardCharsets.UTF_8)));
            agent.send(new Frame(FrameType.STDOUT, 6, "not mine\n".getBytes(StandardCharsets.UTF_8)));
            agent.send(Frame.of(FrameType.EXIT, 5, Fields.of("code", "3", "signal", "0", "oom", "0",
                    "finished", "1700000000000000000")));
            agent.send(Frame.of(FrameType.EXIT, 6, Fields.of("code", "0")));
            assertEquals(3, exit.get(1, TimeUnit.SECONDS).code());
            assertEquals("hi\n", out.toString(StandardCharsets.UTF_8));
            CompletableFuture<ExitStatus> late = new CompletableFuture<>();
            connection.call(Fields.of("op", "hello"), SECOND);
            connection.listen(6, new ProcessListener() {
                @Override
                public void output(FrameType stream, byte[] bytes) {
                }

                @Override
                public void exited(ExitStatus status) {
                    late.complete(status);
                }
            });
            assertEquals(0, late.get(1, TimeUnit.SECONDS).code());
        }
    }

    @Test
    void aHangingAgentTimesOutAndADeadOneFailsPendingRequestsAtOnce() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"), (id, request) -> null);
             AgentConnection connection = AgentConnection.open("pod-a", dir.resolve("agent.sock"))) {
            AgentException hung = assertThrows(AgentException.class,
                    () -> connection.call(Fields.of("op", "state", "id", "c"), Duration.ofMillis(200)));
            assertEquals(AgentException.Kind.TIMED_OUT, hung.kind());
            assertEquals("the agent of pod-a did not answer \"state\" within 200 ms", hung.getMessage());
            CompletableFuture<AgentException> pending = CompletableFuture.supplyAsync(() -> assertThrows(
                    AgentException.class, () -> connection.call(Fields.of("op", "list"), Duration.ofSeconds(30))));
            Thread.sleep(100);
            long before = System.nanoTime();
            agent.hangUp();
            AgentException dead = pending.get(5, TimeUnit.SECONDS);
            assertEquals(AgentException.Kind.DISCONNECTED, dead.kind());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5));
            connection.closed().get(1, TimeUnit.SECONDS);
            assertFalse(connection.isOpen());
            assertThrows(AgentException.class, () -> connection.call(Fields.of("op", "list"), SECOND));
        }
    }

    @Test
    void aNewConnectionSaysHelloAndGetsTheExitsItMissed() throws Exception {
        Path socket = dir.resolve("agent.sock");
        try (FakeAgent agent = new FakeAgent(socket, (id, request) -> Fields.of("ok", "1", "version", "1",
                "kernel", "6.1.0-guest", "uptime_ms", "800"))) {
            AgentConnection first = AgentConnection.open("pod-a", socket);
            agent.send(Frame.of(FrameType.READY, 0, Fields.of("version", "1", "kernel", "6.1.0-guest",
                    "uptime_ms", "250")));
            assertEquals(250, first.ready().get(1, TimeUnit.SECONDS).uptimeMillis());
            first.close();
            try (AgentConnection second = AgentConnection.open("pod-a", socket)) {
                CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
                second.listen(9, new ProcessListener() {
                    @Override
                    public void output(FrameType stream, byte[] bytes) {
                    }

                    @Override
                    public void exited(ExitStatus status) {
                        exit.complete(status);
                    }
                });
                agent.respond((id, request) -> {
                    try {
                        agent.send(Frame.of(FrameType.REPLY, id, Fields.of("ok", "1", "version", "1", "kernel",
                                "6.1.0-guest", "uptime_ms", "900")));
                        agent.send(Frame.of(FrameType.EXIT, 9, Fields.of("code", "137", "signal", "9", "oom",
                                "1")));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return null;
                });
                assertEquals("6.1.0-guest", second.hello(SECOND).kernel());
                ExitStatus status = exit.get(1, TimeUnit.SECONDS);
                assertTrue(status.oom());
                assertEquals(137, status.code());
            }
        }
    }

    @Test
    void helloCarriesTheHostsClockAndAnExitSentTwiceIsTakenOnce() throws Exception {
        Path socket = dir.resolve("agent.sock");
        try (FakeAgent agent = new FakeAgent(socket, (id, request) -> Fields.of("ok", "1", "version", "1",
                "kernel", "6.1.0-guest", "uptime_ms", "900"));
             AgentConnection connection = AgentConnection.open("pod-a", socket)) {
            long before = System.currentTimeMillis() * 1_000_000L;
            connection.hello(SECOND);
            Frame hello = agent.received().poll(1, TimeUnit.SECONDS);
            long time = Long.parseLong(hello.fields().get("time").orElseThrow());
            assertTrue(time >= before && time <= System.currentTimeMillis() * 1_000_000L + 1_000_000L, "" + time);
            java.util.List<ExitStatus> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
            connection.listen(7, new ProcessListener() {
                @Override
                public void output(FrameType stream, byte[] bytes) {
                }

                @Override
                public void exited(ExitStatus status) {
                    exits.add(status);
                }
            });
            agent.send(Frame.of(FrameType.EXIT, 7, Fields.of("code", "2")));
            agent.send(Frame.of(FrameType.EXIT, 7, Fields.of("code", "2")));
            connection.call(Fields.of("op", "list"), SECOND);
            connection.listen(7, new ProcessListener() {
                @Override
                public void output(FrameType stream, byte[] bytes) {
                }

                @Override
                public void exited(ExitStatus status) {
                    exits.add(status);
                }
            });
            assertEquals(1, exits.size(), "" + exits);
            assertEquals(2, exits.get(0).code());
        }
    }
}
