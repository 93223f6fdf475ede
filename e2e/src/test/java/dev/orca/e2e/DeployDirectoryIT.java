package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.VersionRequest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration dropped into deploy/ reaches the running daemon without a restart. */
class DeployDirectoryIT {

    @TempDir
    Path dir;

    @Test
    void anEndpointConfigurationDroppedIntoDeployTakesEffectLive() throws Exception {
        try (OrcaDaemon orca = new OrcaDaemon(dir).start()) {
            long pid = orca.process().pid();

            Files.writeString(orca.home().resolve("deploy/dev.orca.core.endpoint.cfg"),
                    "handshake.timeout.seconds = 2\n");
            awaitSecondStart(orca);
            orca.awaitServing(Duration.ofSeconds(10));

            Duration idleFor = secondsUntilClosed(orca);
            assertTrue(idleFor.compareTo(Duration.ofSeconds(1)) > 0 && idleFor.compareTo(Duration.ofSeconds(6)) < 0,
                    "closed after " + idleFor + ", expected about 2s");
            orca.awaitLog("sent nothing within 2s", Duration.ofSeconds(5));
            assertEquals(pid, orca.process().pid());
            assertEquals("orca", orca.runtime().version(VersionRequest.getDefaultInstance()).getRuntimeName());
        }
    }

    private static void awaitSecondStart(OrcaDaemon orca) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (orca.log().split("serving the CRI", -1).length < 3) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the endpoint was not reconfigured:\n" + orca.log());
            }
            Thread.sleep(50);
        }
    }

    private static Duration secondsUntilClosed(OrcaDaemon orca) throws IOException {
        try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            idle.connect(UnixDomainSocketAddress.of(orca.socket()));
            Instant connected = Instant.now();
            ByteBuffer sink = ByteBuffer.allocate(64);
            try {
                while (idle.read(sink) >= 0) {
                    sink.clear();
                }
            } catch (IOException reset) {
                // closed as well
            }
            return Duration.between(connected, Instant.now());
        }
    }
}
