package dev.orca.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes channel framing over the JDK's WebSocket client, written from the protocol description: each
 * binary message starts with its channel byte.
 */
final class StreamingWebSocketClient implements WebSocket.Listener, AutoCloseable {

    private final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static StreamingWebSocketClient connect(URI url, String... protocols) throws Exception {
        return connect(HttpClient.newHttpClient(), url, protocols);
    }

    /** Through {@code http} (which may carry a TLS context): http URLs become ws, https URLs wss. */
    static StreamingWebSocketClient connect(HttpClient http, URI url, String... protocols) throws Exception {
        StreamingWebSocketClient client = new StreamingWebSocketClient();
        URI ws = URI.create(url.toString().replaceFirst("^http", "ws"));
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (protocols.length > 0) {
            String[] rest = java.util.Arrays.copyOfRange(protocols, 1, protocols.length);
            builder.subprotocols(protocols[0], rest);
        }
        client.socket = builder.buildAsync(ws, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(int channel, byte[] data) throws Exception {
        ByteBuffer message = ByteBuffer.allocate(data.length + 1).put((byte) channel).put(data).flip();
        socket.sendBinary(message, true).get(10, TimeUnit.SECONDS);
    }

    byte[] channel(int number) {
        ByteArrayOutputStream out = channels.get(number);
        if (out == null) {
            return new byte[0];
        }
        synchronized (out) {
            return out.toByteArray();
        }
    }

    /** Waits for the server's close; returns its status code. */
    int awaitClose(int seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            if (message.length > 0) {
                ByteArrayOutputStream out = channels.computeIfAbsent(message[0] & 0xff,
                        k -> new ByteArrayOutputStream());
                synchronized (out) {
                    out.write(message, 1, message.length - 1);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
