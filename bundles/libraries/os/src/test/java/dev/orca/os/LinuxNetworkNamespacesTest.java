package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LinuxNetworkNamespacesTest {

    @Test
    void aConnectionMadeInANamespaceIsUsableAfterwards() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (SocketChannel channel = Linux.networkNamespaces().connect(Path.of("/proc/self/ns/net"),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                    Socket accepted = server.accept()) {
                channel.write(ByteBuffer.wrap(new byte[] {42}));
                assertEquals(42, accepted.getInputStream().read());
            }
        }
    }

    @Test
    void aRefusedConnectionNamesTheAddressAndTheNamespace() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> Linux.networkNamespaces().connect(
                Path.of("/proc/self/ns/net"), new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("/proc/self/ns/net"),
                e.getMessage());
    }

    @Test
    void aMissingNamespaceFileIsNamed() {
        IOException e = assertThrows(IOException.class, () -> Linux.networkNamespaces().connect(
                Path.of("/nonexistent/ns/net"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)));
        assertTrue(e.getMessage().contains("/nonexistent/ns/net"), e.getMessage());
    }
}
