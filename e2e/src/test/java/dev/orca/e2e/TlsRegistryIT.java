package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS registries: a self-signed one is refused unless registries.conf says it is insecure. */
class TlsRegistryIT {

    @TempDir
    static Path dir;
    static TestRegistry trusted;
    static TestRegistry untrusted;
    static OrcaDaemon orca;

    @BeforeAll
    static void start() throws Exception {
        trusted = TestRegistry.plainTls();
        untrusted = TestRegistry.plainTls();
        orca = OrcaDaemon.withRegistries(dir, OrcaDaemon.insecure(trusted.host()), Map.of(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orca != null) {
            orca.close();
        }
        if (trusted != null) {
            trusted.close();
        }
        if (untrusted != null) {
            untrusted.close();
        }
    }

    private static String pull(String reference) {
        return orca.pull(reference);
    }

    @Test
    void anInsecureTlsRegistryIsPulledFromWithoutVerification() {
        PushedImage image = TestImages.singleLayer(trusted, "tls/busybox:1");
        assertEquals(image.imageId(), pull(image.reference()));
    }

    @Test
    void aSelfSignedRegistryNotConfiguredInsecureIsRefused() {
        PushedImage image = TestImages.singleLayer(untrusted, "tls/busybox:1");

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> pull(image.reference()));

        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("TLS"), error.getMessage());
        assertTrue(error.getStatus().getDescription().contains(untrusted.host()), error.getMessage());
    }
}
