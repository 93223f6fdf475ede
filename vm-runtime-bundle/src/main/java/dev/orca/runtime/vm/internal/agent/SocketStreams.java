package dev.orca.runtime.vm.internal.agent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reading and writing a blocking socket channel from two threads at once. {@code Channels.newInputStream} and
 * {@code newOutputStream} hold the channel's blocking lock while they block (JDK 17), so a pending read stalls
 * every write; the channel's own read and write do not.
 */
public final class SocketStreams {

    private SocketStreams() {
    }

    public static InputStream input(SocketChannel socket) {
        return new BufferedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return socket.read(ByteBuffer.wrap(b, off, len));
            }
        }, 64 * 1024);
    }

    /** Writes all of {@code bytes}; callers writing from several threads hold a lock of their own around it. */
    public static void write(SocketChannel socket, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            socket.write(buffer);
        }
    }
}
