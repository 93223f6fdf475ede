package dev.orca.image.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Registry answers mutated from real shapes (an OCI and a Docker manifest, an OCI index and a Docker manifest list,
 * an image config): each is parsed or refused with the IllegalArgumentException the parsers promise (which the
 * puller turns into a clear error), never another exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class ManifestFuzzTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final List<String> SEEDS = List.of(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                    + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIGEST + "\",\"size\":7023},"
                    + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + DIGEST
                    + "\",\"size\":32654}],\"annotations\":{\"a\":\"b\"}}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{"
                    + "\"digest\":\"" + DIGEST + "\",\"size\":1},\"layers\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST + "\",\"size\":7143,"
                    + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}",
            "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + DIGEST + "\",\"size\":1,\"platform\":{}}]}");
    static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\",\"Env\":"
            + "[\"PATH=/bin\"],\"Entrypoint\":[\"/bin/sh\"],\"Cmd\":[\"-c\"],\"WorkingDir\":\"/\",\"Labels\":{\"a\":\"b\"},"
            + "\"StopSignal\":\"SIGTERM\",\"Volumes\":{\"/data\":{}},\"ExposedPorts\":{\"80/tcp\":{}}},\"rootfs\":{"
            + "\"type\":\"layers\",\"diff_ids\":[\"" + DIGEST + "\"]}}";
    static final List<String> KEYWORDS = List.of("\"schemaVersion\":", "\"manifests\":", "\"layers\":", "\"config\":",
            "\"digest\":", "\"size\":", "\"platform\":", "\"mediaType\":", "\"" + DIGEST + "\"", "\"sha512:1\"",
            "\"rootfs\":", "\"diff_ids\":", "\"Env\":", "\"User\":", "2", "1", "-5");
    static final List<String> CONTENT_TYPES = List.of("", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "text/html");

    @Property(tries = 10000)
    void manifestsAndIndexesAreParsedOrRefused(@ForAll Random random) {
        String text = TextMutations.mutate(SEEDS.get(random.nextInt(SEEDS.size())), random, KEYWORDS);
        String contentType = random.nextBoolean() ? null : CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
        try {
            ManifestDocument document = ManifestDocument.parse(text.getBytes(StandardCharsets.UTF_8), contentType);
            if (document instanceof ManifestDocument.Index index) {
                assertNotNull(index.platforms());
                index.forPlatform("linux/amd64");
            }
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }

    @Property(tries = 10000)
    void imageConfigsAreParsedOrRefused(@ForAll Random random) {
        String text = TextMutations.mutate(CONFIG, random, KEYWORDS);
        try {
            assertNotNull(ConfigDocument.parse(text.getBytes(StandardCharsets.UTF_8)).config());
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }

    @Property(tries = 3000)
    void randomBytesAreRefused(@ForAll byte[] bytes) {
        try {
            ManifestDocument.parse(bytes, null);
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
        try {
            ConfigDocument.parse(bytes);
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }
}
