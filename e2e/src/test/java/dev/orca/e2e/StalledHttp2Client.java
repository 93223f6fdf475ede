package dev.orca.e2e;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A gRPC client that asks for a server stream and then never reads its socket again, written by hand on HTTP/2 so
 * that no client library's flow control can read on its behalf: the server sees the stream's 64 KiB window fill
 * and stay full, as it would with a kubelet that hung.
 */
final class StalledHttp2Client implements AutoCloseable {

    private final SocketChannel socket;

    private StalledHttp2Client(SocketChannel socket) {
        this.socket = socket;
    }

    /** Calls {@code method} ("/package.Service/Method") on stream 1 with an empty request message. */
    static StalledHttp2Client call(Path unixSocket, String method) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(unixSocket));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(out, 0x4, 0, 0, new byte[0]); // SETTINGS, all defaults (a window of 65,535 bytes)
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{":method", "POST"}, {":scheme", "http"}, {":path", method},
            {":authority", "localhost"}, {"content-type", "application/grpc"}, {"te", "trailers"}}) {
            literal(headers, field[0], field[1]);
        }
        frame(out, 0x1, 0x4, 1, headers.toByteArray()); // HEADERS, END_HEADERS
        frame(out, 0x0, 0x1, 1, new byte[5]); // DATA, END_STREAM: an uncompressed message of 0 bytes
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
        while (bytes.hasRemaining()) {
            socket.write(bytes);
        }
        return new StalledHttp2Client(socket);
    }

    /** HPACK: a literal header field without indexing, new name, no Huffman coding (short strings only). */
    private static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0x00);
        for (String s : new String[] {name, value}) {
            byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length >= 127) {
                throw new IllegalArgumentException("too long for this client: " + s);
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
    }

    private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt(stream).array());
        out.writeBytes(payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
