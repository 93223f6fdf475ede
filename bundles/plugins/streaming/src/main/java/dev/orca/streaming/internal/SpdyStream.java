package dev.orca.streaming.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One stream a SPDY client opened: its headers (names in lower case, as SPDY/3 sends them), what the client sends
 * on it, and an output whose close ends the stream (an empty DATA frame with FIN).
 */
final class SpdyStream {

    private final int id;
    private final Map<String, String> headers;
    private final SpdyConnection connection;
    private final InboundPipe inbound;
    private volatile boolean finished;

    SpdyStream(int id, Map<String, String> headers, SpdyConnection connection, InboundPipe inbound) {
        this.id = id;
        this.headers = Map.copyOf(headers);
        this.connection = connection;
        this.inbound = inbound;
    }

    int id() {
        return id;
    }

    /** A header's value, or the empty string. */
    String header(String name) {
        return headers.getOrDefault(name, "");
    }

    InboundPipe inbound() {
        return inbound;
    }

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                if (finished) {
                    throw new IOException("SPDY stream " + id + " has ended");
                }
                if (length > 0) {
                    connection.send(id, data, offset, length, false);
                }
            }

            @Override
            public void close() throws IOException {
                finish();
            }
        };
    }

    /** Ends the stream on this side; idempotent. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            connection.send(id, new byte[0], 0, 0, true);
        }
    }

    /** The client reset the stream, or the connection ended. */
    void reset() {
        finished = true;
        inbound.end();
    }
}
