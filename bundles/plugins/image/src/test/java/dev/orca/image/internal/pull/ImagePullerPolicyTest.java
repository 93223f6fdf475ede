package dev.orca.image.internal.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.image.internal.config.RegistriesConf;
import dev.orca.image.internal.registry.RegistryClient;
import dev.orca.image.internal.store.ImageCatalog;
import dev.orca.spi.ImageException;
import dev.orca.spi.RegistryCredentials;
import dev.orca.spi.policy.ImagePolicy;
import dev.orca.spi.policy.PolicyRequest;
import dev.orca.testkit.PushedImage;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image policy is asked with what was pulled, and a refusal leaves nothing recorded (a real registry). */
class ImagePullerPolicyTest {

    private static TestRegistry registry;
    private static PushedImage image;
    private static RegistryClient client;
    private static ExecutorService pool;

    @TempDir
    Path dir;
    private final java.util.concurrent.atomic.AtomicLong downloadedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final PullMetrics metrics = new PullMetrics() {
        @Override
        public void downloaded(long layerBytes) {
            downloadedBytes.addAndGet(layerBytes);
        }

        @Override
        public void reused() {
        }
    };

    @BeforeAll
    static void push() {
        registry = TestRegistry.plain();
        image = TestImages.singleLayer(registry, "policy/app:1");
        client = new RegistryClient(Duration.ofSeconds(30));
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        client.close();
        registry.close();
    }

    private static RegistriesConf insecure() {
        return RegistriesConf.parse("[[registry]]\nlocation = \"" + registry.host() + "\"\ninsecure = true\n",
                "registries.conf");
    }

    private ImagePuller puller(ImageCatalog catalog, ImagePolicy policy) throws Exception {
        Files.createDirectories(dir.resolve("scratch"));
        return new ImagePuller(client, catalog, pool, pool, dir.resolve("scratch"), "linux/amd64", () -> policy,
                metrics);
    }

    private static ImagePolicy policy(java.util.function.Function<PolicyRequest, ImagePolicy.Decision> decide) {
        return new ImagePolicy() {
            @Override
            public Decision check(PolicyRequest request) {
                return decide.apply(request);
            }

            @Override
            public dev.orca.spi.policy.PolicyInForce inForce() {
                return new dev.orca.spi.policy.PolicyInForce("test", true, "decided by the test", java.util.Map.of());
            }
        };
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aRefusalFailsThePullAsRefusedWithThePolicysReasonAndRecordsNothing() throws Exception {
        AtomicReference<PolicyRequest> asked = new AtomicReference<>();
        ImagePolicy refuseAll = policy(request -> {
            asked.set(request);
            return ImagePolicy.Decision.refuse("/etc/containers/policy.json: no signature");
        });
        ImageCatalog catalog = new ImageCatalog(dir.resolve("catalog"));

        ImageException refused = assertThrows(ImageException.class, () -> puller(catalog, refuseAll)
                .pull(image.reference(), RegistryCredentials.ANONYMOUS, "team-a", insecure(), () -> null));

        assertEquals(ImageException.Kind.REFUSED, refused.kind());
        assertEquals("image \"" + image.reference() + "\" refused by policy /etc/containers/policy.json: "
                + "no signature", refused.getMessage());
        assertTrue(catalog.all().isEmpty(), "nothing of a refused image is recorded");
        assertEquals(0, downloadedBytes.get(), "no layer of a refused image is downloaded");
        PolicyRequest request = asked.get();
        assertEquals(image.manifestDigest(), request.manifestDigest());
        assertEquals(request.manifestDigest(), sha256(request.manifest()));
        assertEquals(registry.host(), request.registry());
        assertEquals("team-a", request.namespace());
        assertEquals(image.reference(), request.reference());
        assertArrayEquals(request.manifest(), request.signatures()
                .manifest("policy/app", image.manifestDigest()).orElseThrow());
        assertTrue(request.signatures().manifest("policy/app", "sha256-nosuch.sig").isEmpty(),
                "a missing tag is empty, not an error");
        assertEquals(image.configDigest(), sha256(request.signatures().blob("policy/app", image.configDigest())));
    }

    @Test
    void aPolicyThatThrowsRefuses() throws Exception {
        ImagePolicy broken = policy(request -> {
            throw new IllegalStateException("bug");
        });
        ImageCatalog catalog = new ImageCatalog(dir.resolve("catalog"));

        ImageException refused = assertThrows(ImageException.class, () -> puller(catalog, broken)
                .pull(image.reference(), RegistryCredentials.ANONYMOUS, "", insecure(), () -> null));

        assertEquals(ImageException.Kind.REFUSED, refused.kind());
        assertFalse(refused.getMessage().contains("IllegalStateException"), refused.getMessage());
        assertTrue(refused.getMessage().contains("the policy service failed"), refused.getMessage());
        assertTrue(catalog.all().isEmpty());
    }
}
