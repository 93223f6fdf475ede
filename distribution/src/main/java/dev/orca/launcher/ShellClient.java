package dev.orca.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * {@code orca shell}: joins the terminal to the daemon's shell socket. Reads and writes go straight to the channel
 * (not through {@code Channels} streams, which would serialize the two directions on one lock).
 */
final class ShellClient {

    private final Path socket;

    ShellClient(Path socket) {
        this.socket = socket;
    }

    /** Runs until the daemon closes the session; returns the process exit code. */
    int run(InputStream terminalIn, OutputStream terminalOut) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            System.err.println("orca shell: cannot connect to " + socket + ": " + e.getMessage()
                    + " (is the daemon running, and are you root?)");
            return 1;
        }
        Thread forward = new Thread(() -> forward(terminalIn, channel), "orca-shell-input");
        forward.setDaemon(true);
        forward.start();
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                terminalOut.write(buffer.array(), 0, buffer.position());
                terminalOut.flush();
                buffer.clear();
            }
            return 0;
        } catch (IOException e) {
            System.err.println("orca shell: " + e.getMessage());
            return 1;
        }
    }

    private static void forward(InputStream in, SocketChannel channel) {
        byte[] bytes = new byte[4096];
        try {
            for (int n = in.read(bytes); n >= 0; n = in.read(bytes)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            // The session ended under us; the reading side reports it.
        }
    }
}
