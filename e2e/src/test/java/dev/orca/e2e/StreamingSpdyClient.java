package dev.orca.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * A SPDY/3.1 client written for the tests from the SPDY/3 draft and the Kubernetes stream conventions (the HTTP
 * upgrade with {@code X-Stream-Protocol-Version}, one stream per {@code streamtype}): it opens streams, sends and
 * receives DATA, FIN and RST_STREAM, and answers nothing it does not need to. Header blocks it sends are zlib streams
 * without the preset dictionary (valid for any SPDY/3 receiver); the server's header blocks are skipped unread.
 */
final class StreamingSpdyClient implements AutoCloseable {

    /** What arrived on one stream. */
    static final class Received {
        final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        volatile boolean finished;
        volatile boolean replied;
        volatile boolean reset;

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static final byte[] EOF_MARK = new byte[0];

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Deflater headers = new Deflater();
    private final Map<Integer, Received> streams = new ConcurrentHashMap<>();
    private final Thread reader;
    private final String protocol;
    private int nextId = 1;
    private volatile boolean goneAway;

    private StreamingSpdyClient(Socket socket, DataInputStream in, String protocol) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = in;
        this.protocol = protocol;
        this.reader = new Thread(this::read, "spdy-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Upgrades; returns the client, or throws {@link RefusedException} with the server's status and text. */
    static StreamingSpdyClient connect(URI url, List<String> protocols) throws IOException {
        Socket socket = new Socket(url.getHost(), url.getPort());
        StringBuilder request = new StringBuilder("POST " + url.getRawPath() + (url.getRawQuery() == null ? ""
                : "?" + url.getRawQuery()) + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n");
        for (String p : protocols) {
            request.append("X-Stream-Protocol-Version: ").append(p).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String head = readHead(in);
        int status = Integer.parseInt(head.split(" ")[1]);
        if (status != 101) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            socket.close();
            throw new RefusedException(status, body);
        }
        String chosen = head.lines().filter(l -> l.toLowerCase().startsWith("x-stream-protocol-version:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        return new StreamingSpdyClient(socket, in, chosen);
    }

    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String body;

        RefusedException(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }
    }

    String protocol() {
        return protocol;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the HTTP answer: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** SYN_STREAM with these headers; returns the stream ID. */
    synchronized int open(Map<String, String> headerMap) throws IOException {
        int id = nextId;
        nextId += 2;
        streams.put(id, new Received());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        writeInt(block, headerMap.size());
        for (var e : headerMap.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            writeInt(block, name.length);
            block.write(name);
            writeInt(block, value.length);
            block.write(value);
        }
        byte[] raw = block.toByteArray();
        headers.setInput(raw);
        byte[] compressed = new byte[raw.length + 1024];
        int n = headers.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeInt(frame, 0x80030001); // control, version 3, SYN_STREAM
        writeInt(frame, 10 + n); // flags 0, length
        writeInt(frame, id);
        writeInt(frame, 0); // associated-to
        frame.write(0); // priority
        frame.write(0); // slot
        frame.write(compressed, 0, n);
        send(frame.toByteArray());
        return id;
    }

    synchronized void data(int stream, byte[] data, boolean fin) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeInt(frame, stream & 0x7fffffff);
        writeInt(frame, ((fin ? 1 : 0) << 24) | data.length);
        frame.write(data);
        send(frame.toByteArray());
    }

    synchronized void reset(int stream) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeInt(frame, 0x80030003);
        writeInt(frame, 8);
        writeInt(frame, stream);
        writeInt(frame, 5); // CANCEL
        send(frame.toByteArray());
    }

    synchronized void ping(int id) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeInt(frame, 0x80030006);
        writeInt(frame, 4);
        writeInt(frame, id);
        send(frame.toByteArray());
    }

    private void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    Received stream(int id) {
        return streams.get(id);
    }

    /** Waits until the stream has ended (FIN or reset) or {@code seconds} passed. */
    Received awaitEnd(int id, int seconds) throws InterruptedException {
        Received r = streams.get(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!r.finished && !r.reset && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return r;
    }

    boolean goneAway() {
        return goneAway;
    }

    /** Next chunk of data on {@code id}; empty at the end; null after the timeout. */
    byte[] next(int id, int seconds) throws InterruptedException {
        byte[] chunk = streams.get(id).chunks.poll(seconds, TimeUnit.SECONDS);
        return chunk == EOF_MARK ? new byte[0] : chunk;
    }

    private void read() {
        try {
            while (true) {
                int first = in.readInt();
                int second = in.readInt();
                int flags = second >>> 24;
                int length = second & 0xffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (first < 0) {
                    int type = first & 0xffff;
                    int id = length >= 4 ? ((payload[0] & 0x7f) << 24) | ((payload[1] & 0xff) << 16)
                            | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff) : 0;
                    Received r = streams.get(id);
                    if (type == 2 && r != null) {
                        r.replied = true;
                        if ((flags & 1) != 0) {
                            end(r);
                        }
                    } else if (type == 3 && r != null) {
                        r.reset = true;
                        r.chunks.add(EOF_MARK);
                    } else if (type == 7) {
                        goneAway = true;
                    } else if (type == 6) {
                        // our own ping's echo
                        ping.add(id);
                    }
                } else {
                    Received r = streams.get(first);
                    if (r != null) {
                        if (length > 0) {
                            synchronized (r) {
                                r.all.write(payload);
                            }
                            r.chunks.add(payload);
                        }
                        if ((flags & 1) != 0) {
                            end(r);
                        }
                    }
                }
            }
        } catch (IOException e) {
            streams.values().forEach(r -> {
                if (!r.finished) {
                    r.reset = true;
                    r.chunks.add(EOF_MARK);
                }
            });
        }
    }

    final LinkedBlockingQueue<Integer> ping = new LinkedBlockingQueue<>();

    private static void end(Received r) {
        r.finished = true;
        r.chunks.add(EOF_MARK);
    }

    boolean closedByServer() {
        return !reader.isAlive();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
