package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GpgSignerTest {

    @Test
    void closingStopsTheAgentGpgStartedAndDeletesTheSignersFiles() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        GpgSigner signer = GpgSigner.inTemporaryDirectory();
        String key = signer.generateKey("Kit Signer", GpgSigner.Algorithm.ED25519, "0");
        assertTrue(Files.size(signer.export(key, "kit.gpg")) > 0);
        // gpg started an agent for the keyring to make the key; it would outlive the JVM.
        String said = Command.of("gpg-connect-agent", "getinfo pid", "/bye")
                .environment("GNUPGHOME", signer.home().toString()).run();
        long agent = Long.parseLong(said.lines().filter(l -> l.startsWith("D ")).findFirst().orElseThrow()
                .substring(2).strip());
        assertTrue(alive(agent), "no agent " + agent + " to stop");

        signer.close();
        assertFalse(Files.exists(signer.directory()), signer.directory() + " is left");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (alive(agent) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertFalse(alive(agent), "gpg-agent " + agent + " still runs");
        signer.close(); // closing again does nothing
    }

    @Test
    void namesAKeyAsAPolicyDoesByTheFingerprintsLastSixteenDigits() {
        assertEquals("0x89ABCDEF01234567", GpgSigner.keyId("0123456789ABCDEF0123456789ABCDEF01234567"));
    }

    /** Running, not merely a zombie its new parent has yet to reap. */
    private static boolean alive(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String fields = Files.readString(stat);
            return fields.charAt(fields.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException reaped) {
            return false;
        }
    }
}
