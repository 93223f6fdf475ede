package dev.orca.streaming.internal;

import dev.orca.spi.streaming.PortForward;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward over SPDY ({@code portforward.k8s.io}): each forwarded connection is a pair of streams the client
 * opens, {@code streamtype: error} and {@code streamtype: data}, with the same {@code requestid} and {@code port}
 * headers. Any number of pairs, for any ports, may be open at once; a pair not completed within the creation
 * timeout is reset.
 */
final class SpdyPortForwardSession implements SpdyConnection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForwardSession.class);
    static final String PORT = "port";
    static final String REQUEST_ID = "requestid";

    private static final class Pair {
        SpdyStream data;
        SpdyStream error;
    }

    private final SpdyConnection connection;
    private final PortForward forward;
    private final ExecutorService threads;
    private final Duration creationTimeout;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final java.util.Set<PortConnection> active = ConcurrentHashMap.newKeySet();

    SpdyPortForwardSession(SpdyConnection connection, PortForward forward, ExecutorService threads,
            Duration creationTimeout) {
        this.connection = connection;
        this.forward = forward;
        this.threads = threads;
        this.creationTimeout = creationTimeout;
    }

    @Override
    public void opened(SpdyStream stream) {
        String type = stream.header(SpdyExecSession.STREAM_TYPE);
        if (!type.equals("data") && !type.equals("error")) {
            connection.refuse(stream);
            return;
        }
        String id = requestId(stream, type);
        Pair pair = pairs.computeIfAbsent(id, key -> {
            connection.channel().eventLoop().schedule(() -> expire(key), creationTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Pair();
        });
        if (type.equals("data")) {
            if (pair.data != null) {
                connection.refuse(stream);
                return;
            }
            pair.data = stream;
        } else {
            if (pair.error != null) {
                connection.refuse(stream);
                return;
            }
            pair.error = stream;
        }
        if (pair.data != null && pair.error != null) {
            pairs.remove(id);
            start(pair);
        }
    }

    /** Old clients send no request ID: the error stream's ID names the pair, the data stream follows it. */
    private static String requestId(SpdyStream stream, String type) {
        String id = stream.header(REQUEST_ID);
        if (!id.isEmpty()) {
            return id;
        }
        return Integer.toString(type.equals("data") ? stream.id() - 2 : stream.id());
    }

    private void start(Pair pair) {
        int port;
        try {
            port = Integer.parseInt(pair.data.header(PORT));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            fail(pair, "invalid port '" + pair.data.header(PORT) + "' for pod sandbox " + forward.sandboxId());
            return;
        }
        PortConnection[] holder = new PortConnection[1];
        holder[0] = new PortConnection(forward, port, pair.data.inbound(), pair.data.output(),
                pair.error.output(), true, threads, () -> active.remove(holder[0]));
        active.add(holder[0]);
        if (!connection.channel().isActive()) {
            holder[0].stop();
        }
        threads.execute(holder[0]);
    }

    private void fail(Pair pair, String message) {
        threads.execute(() -> {
            try {
                pair.error.output().write(message.getBytes(StandardCharsets.UTF_8));
                pair.error.finish();
                pair.data.finish();
            } catch (IOException e) {
                // the client went away
            }
        });
    }

    private void expire(String id) {
        Pair pair = pairs.remove(id);
        if (pair != null) {
            LOG.info("port-forward to pod sandbox {}: request {} got only one of its two streams within {} s",
                    forward.sandboxId(), id, creationTimeout.toSeconds());
            if (pair.data != null) {
                connection.refuse(pair.data);
            }
            if (pair.error != null) {
                connection.refuse(pair.error);
            }
        }
    }

    @Override
    public void closed() {
        pairs.clear();
        active.forEach(PortConnection::stop);
    }
}
