package dev.orca.core.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketFileTest {

    @TempDir
    Path dir;

    @Test
    void createsTheParentDirectory() throws IOException {
        UnixSocketFile socket = new UnixSocketFile(dir.resolve("run/orca/orca.sock"));

        socket.prepareForBind();

        assertTrue(Files.isDirectory(dir.resolve("run/orca")));
    }

    @Test
    void removesASocketNobodyListensOn() throws IOException {
        Path path = dir.resolve("orca.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close(); // the file stays, as after kill -9

        new UnixSocketFile(path).prepareForBind();

        assertFalse(Files.exists(path));
    }

    @Test
    void refusesASocketSomebodyAnswersOn() throws IOException {
        Path path = dir.resolve("orca.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));

            IOException refused = assertThrows(UnixSocketFile.SocketInUseException.class,
                    () -> new UnixSocketFile(path).prepareForBind());

            assertTrue(refused.getMessage().contains(path.toString()), refused.getMessage());
            assertTrue(Files.exists(path));
        }
    }

    @Test
    void refusesToReplaceAFileThatIsNoSocket() throws IOException {
        Path path = Files.writeString(dir.resolve("orca.sock"), "precious");

        IOException refused = assertThrows(IOException.class, () -> new UnixSocketFile(path).prepareForBind());

        assertTrue(refused.getMessage().contains("is not a socket"), refused.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void restrictsTheSocketToOwnerAndGroup() throws IOException {
        Path path = dir.resolve("orca.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));

            new UnixSocketFile(path).restrict();

            assertEquals(UnixSocketFile.OWNER_AND_GROUP, Files.getPosixFilePermissions(path));
        }
    }
}
