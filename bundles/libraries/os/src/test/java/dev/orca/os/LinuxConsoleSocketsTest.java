package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sockets, bound for real: what happens when nothing, or no terminal, arrives. A terminal sent by a runtime
 * is received in the OCI handler's tests, from crun.
 */
class LinuxConsoleSocketsTest {

    @TempDir
    Path dir;
    private final Terminals terminals = Linux.terminals();

    @Test
    void nothingSentWithinTheTimeoutIsSaidAndTheSocketFileGoesWithClose() throws IOException {
        Path path = dir.resolve("quiet.console");
        try (ConsoleSocket socket = terminals.consoleSocket(path)) {
            assertTrue(Files.exists(path));
            IOException e = assertThrows(IOException.class, () -> socket.receive(Duration.ofMillis(150), () -> true));
            assertEquals("no runtime sent a connection on console socket " + path + " in time", e.getMessage());
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aRuntimeThatEndsWithoutSendingIsNotWaitedFor() throws IOException {
        Path path = dir.resolve("ended.console");
        try (ConsoleSocket socket = terminals.consoleSocket(path)) {
            long started = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> socket.receive(Duration.ofSeconds(30), () -> false));
            assertEquals("the runtime ended without sending a connection on console socket " + path, e.getMessage());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "not the whole timeout");
        }
    }

    @Test
    void aMessageWithoutATerminalIsRefused() throws IOException {
        Path path = dir.resolve("exec.console");
        try (ConsoleSocket socket = terminals.consoleSocket(path);
                SocketChannel sender = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            sender.write(ByteBuffer.wrap(new byte[] {' '}));
            IOException e = assertThrows(IOException.class, () -> socket.receive(Duration.ofSeconds(5), () -> true));
            assertEquals("the message on console socket " + path + " (1 bytes) carried no terminal", e.getMessage());
        }
    }

    @Test
    void aPathLongerThanASocketAddressIsBoundThroughItsDirectory() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("d".repeat(60)).resolve("e".repeat(60)));
        Path path = deep.resolve("exec.console");
        assertTrue(path.toString().length() > 108);
        try (ConsoleSocket socket = terminals.consoleSocket(path)) {
            assertEquals(path, socket.path());
            assertTrue(Files.exists(path), "bound where asked");
        }
        assertFalse(Files.exists(path));
    }
}
