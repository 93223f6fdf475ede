package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.VersionRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send garbage, call what does not exist, or connect and say nothing: the daemon serves on. */
class BadClientsIT {

    @TempDir
    static Path dir;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        orca = new OrcaDaemon(dir).start();
    }

    @AfterAll
    static void stop() throws Exception {
        orca.close();
    }

    private static SocketChannel connectRaw() throws IOException {
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX);
        raw.connect(UnixDomainSocketAddress.of(orca.socket()));
        return raw;
    }

    /** Reads until the server closes the connection; fails after the timeout. */
    private static void awaitClosedByServer(SocketChannel raw, Duration timeout) throws Exception {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            try {
                while (raw.read(sink) >= 0) {
                    sink.clear();
                }
            } catch (IOException e) {
                // a reset is a close too
            }
        });
        closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void assertStillServing() {
        assertEquals("orca", orca.runtime().withDeadlineAfter(5, TimeUnit.SECONDS)
                .version(VersionRequest.getDefaultInstance()).getRuntimeName());
    }

    @Test
    void garbageBytesCloseThatConnectionOnlyAndAreLogged() throws Exception {
        try (SocketChannel raw = connectRaw()) {
            raw.write(ByteBuffer.wrap("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n\0\1\2garbage".getBytes(
                    StandardCharsets.ISO_8859_1)));
            assertStillServing();
            awaitClosedByServer(raw, Duration.ofSeconds(15));
        }
        orca.awaitLog("closed before it spoke HTTP/2", Duration.ofSeconds(10));
        assertStillServing();
    }

    @Test
    void aClientThatConnectsAndNeverSendsIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (SocketChannel idle = connectRaw()) {
            assertStillServing();
            awaitClosedByServer(idle, Duration.ofSeconds(30));
        }
        orca.awaitLog("sent nothing within 10s", Duration.ofSeconds(10));
        assertStillServing();
    }

    @Test
    void anUnknownMethodIsUnimplementedAndNamed() {
        for (String method : new String[] {"runtime.v1.RuntimeService/NoSuchCall", "runtime.v1alpha2.RuntimeService/Version"}) {
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> call(method));

            assertEquals(Status.Code.UNIMPLEMENTED, error.getStatus().getCode());
            assertTrue(error.getStatus().getDescription().contains("unknown method '" + method + "'"),
                    error.getStatus().getDescription());
        }
        assertTrue(orca.log().contains("unknown method 'runtime.v1.RuntimeService/NoSuchCall'"), orca.log());
        assertStillServing();
    }

    private static InputStream call(String fullMethodName) {
        MethodDescriptor.Marshaller<InputStream> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(InputStream value) {
                return value;
            }

            @Override
            public InputStream parse(InputStream stream) {
                return stream;
            }
        };
        MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullMethodName)
                .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
        return ClientCalls.blockingUnaryCall(orca.channel().channel(), method,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new ByteArrayInputStream(new byte[0]));
    }
}
