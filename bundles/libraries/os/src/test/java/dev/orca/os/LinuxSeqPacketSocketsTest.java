package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a seqpacket server in Python (the JDK has no seqpacket sockets), at a path longer than sun_path. */
class LinuxSeqPacketSocketsTest {

    private static final String ECHO_SERVER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            s.bind(sys.argv[1]); s.listen(1); print('ready', flush=True)
            c, _ = s.accept()
            c.send(b'\\x02first'); c.send(b'\\x03second')
            while True:
                m = c.recv(100)
                if not m: break
                c.send(b'\\x02' + m)
            c.close()
            """;

    @Test
    void messagesKeepTheirBoundariesAndShutdownEndsThePeersInput(@TempDir Path dir) throws Exception {
        Path deep = Files.createDirectories(dir.resolve("a".repeat(60)).resolve("b".repeat(40)));
        Path socket = deep.resolve("attach");
        Process server = new ProcessBuilder("python3", "-c", ECHO_SERVER, "attach").directory(deep.toFile())
                .redirectErrorStream(true).start();
        try {
            server.getInputStream().read(new byte[6]);
            try (SeqPacketSocket client = Linux.seqPacketSockets().connect(socket)) {
                byte[] buffer = new byte[100];
                assertEquals("\u0002first", text(buffer, client.receive(buffer)));
                assertEquals("\u0003second", text(buffer, client.receive(buffer)));
                client.send("in".getBytes(StandardCharsets.US_ASCII), 0, 2);
                assertEquals("\u0002in", text(buffer, client.receive(buffer)));
                client.shutdownOutput();
                assertEquals(-1, client.receive(buffer));
            }
            server.waitFor(5, TimeUnit.SECONDS);
        } finally {
            server.destroyForcibly();
        }
    }

    private static String text(byte[] buffer, int length) {
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }
}
