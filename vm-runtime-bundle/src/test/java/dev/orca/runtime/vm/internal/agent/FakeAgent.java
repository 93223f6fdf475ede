package dev.orca.runtime.vm.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

/**
 * A test double of the guest agent on a real unix socket, as QEMU's chardev offers it: accepts connections one after
 * another, hands each request to a responder (which answers with reply fields, or null for no answer), and lets the
 * test send frames of its own.
 */
public final class FakeAgent implements AutoCloseable {

    private final ServerSocketChannel server;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private volatile BiFunction<Integer, Fields, Fields> responder;
        private volatile SocketChannel client;

    public FakeAgent(Path socket, BiFunction<Integer, Fields, Fields> responder) throws IOException {
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        this.responder = responder;
        Thread accepting = new Thread(this::serve, "fake-agent");
        accepting.setDaemon(true);
        accepting.start();
    }

    public void respond(BiFunction<Integer, Fields, Fields> newResponder) {
        this.responder = newResponder;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel accepted = server.accept()) {
                client = accepted;
                InputStream in = SocketStreams.input(accepted);
                Frame frame;
                while ((frame = FrameCodec.read(in)) != null) {
                    received.add(frame);
                    if (frame.type() == FrameType.REQUEST) {
                        Fields reply = responder.apply(frame.channel(), frame.fields());
                        if (reply != null) {
                            send(Frame.of(FrameType.REPLY, frame.channel(), reply));
                        }
                    }
                }
            } catch (IOException e) {
                // the host went away, or the test closed us: wait for the next connection
            }
        }
    }

    /** Sends on the current connection, waiting a little for the host to connect first. */
    public synchronized void send(Frame frame) throws IOException {
        for (int i = 0; i < 200 && (client == null || !client.isOpen()); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SocketStreams.write(client, FrameCodec.encode(frame));
    }

    /** Drops the current connection, as a guest agent that died would. */
    public void hangUp() throws IOException {
        client.close();
    }

    public BlockingQueue<Frame> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (client != null) {
            client.close();
        }
    }
}
