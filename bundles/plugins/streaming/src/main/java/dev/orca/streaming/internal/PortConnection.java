package dev.orca.streaming.internal;

import dev.orca.spi.streaming.PortForward;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded connection: dials the port inside the pod, then copies the client's data stream to it and its
 * answers back. The pod closing its side ends the data stream; the client ending its stream shuts the socket's
 * output. A port nobody listens on is reported on the error stream, as the kubelet reports it.
 */
final class PortConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PortConnection.class);
    private static final int BUFFER = 64 * 1024;

    private final PortForward forward;
    private final int port;
    private final InboundPipe fromClient;
    private final boolean halfClose;
    private final OutputStream toClient;
    private final OutputStream errors;
    private final ExecutorService threads;
    private final Runnable done;
    private volatile SocketChannel socket;
    private volatile boolean stopped;

    /**
     * @param halfClose whether the client can end its direction alone (SPDY: FIN); without (WebSocket), the pod
     *     closing its side ends the whole connection
     */
    PortConnection(PortForward forward, int port, InboundPipe fromClient, OutputStream toClient, OutputStream errors,
            boolean halfClose, ExecutorService threads, Runnable done) {
        this.forward = forward;
        this.port = port;
        this.fromClient = fromClient;
        this.halfClose = halfClose;
        this.toClient = toClient;
        this.errors = errors;
        this.threads = threads;
        this.done = done;
    }

    @Override
    public void run() {
        try (SocketChannel pod = forward.dialer().dial(port)) {
            socket = pod;
            if (stopped) {
                return;
            }
            Future<?> upload = threads.submit(() -> upload(pod));
            download(pod);
            // the client waits for the error stream to end once the pod's side has ended, then resets the streams
            closeQuietly(errors);
            if (!halfClose) {
                fromClient.end();
            }
            try {
                upload.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // the client's side failed; the socket closes below
            }
        } catch (IOException | RuntimeException e) {
            String message = "error forwarding port " + port + " to pod sandbox " + forward.sandboxId() + ": "
                    + e.getMessage();
            LOG.info("{}", message);
            try {
                errors.write(message.getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                // the client went away
            }
            closeQuietly(errors);
            closeQuietly(toClient);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(fromClient);
            done.run();
        }
    }

    /** The client has gone: the connection into the pod is closed, which ends both copies. */
    void stop() {
        stopped = true;
        SocketChannel pod = socket;
        if (pod != null) {
            closeQuietly(pod);
        }
    }

    private void download(SocketChannel pod) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (pod.read(buffer) >= 0) {
                buffer.flip();
                if (buffer.hasRemaining()) {
                    toClient.write(buffer.array(), 0, buffer.remaining());
                }
                buffer.clear();
            }
        } catch (IOException e) {
            LOG.debug("port {} of pod sandbox {}: {}", port, forward.sandboxId(), e.getMessage());
        } finally {
            closeQuietly(toClient);
        }
    }

    private Void upload(SocketChannel pod) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = fromClient.read(buffer)) >= 0) {
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
                while (data.hasRemaining()) {
                    pod.write(data);
                }
            }
            pod.shutdownOutput();
        } catch (IOException e) {
            pod.close();
        }
        return null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed or gone
        }
    }
}
