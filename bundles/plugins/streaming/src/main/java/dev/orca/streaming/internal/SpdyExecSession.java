package dev.orca.streaming.internal;

import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec or attach over SPDY: the client opens one stream per standard stream it asked for, an error stream, and with
 * a terminal (v3 on) a resize stream, each named by its {@code streamtype} header. Once all are there the process
 * session runs; if they are not all there within the creation timeout, the connection is closed.
 */
final class SpdyExecSession implements SpdyConnection.Listener, ClientStreams {

    private static final Logger LOG = LoggerFactory.getLogger(SpdyExecSession.class);
    static final String STREAM_TYPE = "streamtype";

    private final SpdyConnection connection;
    private final PendingRequest request;
    private final String protocol;
    private final ExecutorService threads;
    private final List<String> expected;
    private final Map<String, SpdyStream> streams = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Runnable> vanish = new AtomicReference<>();

    SpdyExecSession(SpdyConnection connection, PendingRequest request, String protocol,
            ExecutorService threads, Duration creationTimeout) {
        this.connection = connection;
        this.request = request;
        this.protocol = protocol;
        this.threads = threads;
        this.expected = expectedStreams(request, protocol);
        connection.channel().eventLoop().schedule(() -> {
            if (!started.get()) {
                LOG.info("{}: the client opened {} of the streams {} within {} s; closing", request.describe(),
                        streams.keySet(), expected, creationTimeout.toSeconds());
                finished.set(true);
                connection.close();
            }
        }, creationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static List<String> expectedStreams(PendingRequest request, String protocol) {
        var s = request.stream();
        java.util.ArrayList<String> types = new java.util.ArrayList<>(List.of("error"));
        if (s.stdin()) {
            types.add("stdin");
        }
        if (s.stdout()) {
            types.add("stdout");
        }
        if (s.stderr() && !s.tty()) {
            types.add("stderr");
        }
        if (s.tty() && StreamProtocols.resizes(protocol)) {
            types.add("resize");
        }
        return List.copyOf(types);
    }

    @Override
    public void opened(SpdyStream stream) {
        String type = stream.header(STREAM_TYPE);
        if (!expected.contains(type) || streams.putIfAbsent(type, stream) != null) {
            LOG.debug("{}: refusing an unexpected stream of type '{}'", request.describe(), type);
            connection.refuse(stream);
            return;
        }
        if (streams.keySet().containsAll(expected) && started.compareAndSet(false, true)) {
            threads.execute(new ProcessSession(request, this, protocol, threads));
        }
    }

    @Override
    public void closed() {
        streams.values().forEach(SpdyStream::reset);
        if (finished.compareAndSet(false, true)) {
            Runnable action = vanish.getAndSet(() -> { });
            if (action != null) {
                action.run();
            }
        }
    }

    @Override
    public InputStream stdin() {
        SpdyStream s = streams.get("stdin");
        return s == null ? null : s.inbound();
    }

    @Override
    public OutputStream stdout() {
        SpdyStream s = streams.get("stdout");
        return s == null ? null : s.output();
    }

    @Override
    public OutputStream stderr() {
        SpdyStream s = streams.get("stderr");
        return s == null ? null : s.output();
    }

    @Override
    public InputStream resize() {
        SpdyStream s = streams.get("resize");
        return s == null ? null : s.inbound();
    }

    @Override
    public void finish(byte[] status) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        SpdyStream error = streams.get("error");
        try {
            if (status.length > 0) {
                error.output().write(status);
            }
            error.finish();
        } catch (IOException e) {
            LOG.debug("{}: status not delivered: {}", request.describe(), e.getMessage());
        }
        connection.close();
    }

    @Override
    public void onVanish(Runnable action) {
        if (!vanish.compareAndSet(null, action)) {
            action.run();
        }
    }
}
