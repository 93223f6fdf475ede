package dev.orca.image.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.image.internal.reference.ImageReference;
import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCatalogTest {

    @TempDir
    Path root;

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    private static Image image(String id, String tag, String... chainIds) {
        ImageConfig config = new ImageConfig("1000:1000", List.of("PATH=/bin"), List.of(), List.of("/bin/sh"), "/",
                Map.of("k", "v"), "SIGINT", List.of(), List.of());
        return new Image(id, List.of(tag), List.of("r.example/app@" + DIGEST), 10, List.of(chainIds), config,
                Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void imagesSurviveARestartWithTheirIdsTagsAndConfig() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        catalog.commit(image(A, "r.example/app:1", "sha256:1"), "{}".getBytes(), "{\"c\":1}".getBytes());

        ImageCatalog reloaded = new ImageCatalog(root);

        assertEquals(1, reloaded.all().size());
        Image image = reloaded.byId(A).orElseThrow();
        assertEquals(List.of("r.example/app:1"), image.repoTags());
        assertEquals("SIGINT", image.config().stopSignal());
        assertEquals(Map.of("k", "v"), image.config().labels());
        assertEquals("{\"c\":1}", new String(reloaded.rawConfig(A).orElseThrow()));
    }

    @Test
    void everyChangeToTheStoredImagesMovesTheGenerationAndNothingElseDoes() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        long empty = catalog.generation();
        catalog.commit(image(A, "r.example/app:1", "sha256:1"), new byte[0], new byte[0]);
        long pulled = catalog.generation();
        assertTrue(pulled > empty, "a pull");
        catalog.noteUse(A, Instant.now());
        catalog.find("r.example/app:1", List.of());
        assertEquals(pulled, catalog.generation(), "a use and a lookup change no image");
        catalog.commit(image(B, "r.example/app:1", "sha256:2"), new byte[0], new byte[0]);
        long moved = catalog.generation();
        assertTrue(moved > pulled, "a tag moved to another image");
        assertFalse(catalog.remove(sha("c")));
        assertEquals(moved, catalog.generation(), "removing what is not stored");
        assertTrue(catalog.remove(A));
        assertTrue(catalog.generation() > moved, "a removal");
    }

    private static String sha(String digit) {
        return "sha256:" + digit.repeat(64);
    }

    @Test
    void aContainerCreatedFromAnImageIsItsLastUseAcrossRestarts() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        Image image = catalog.commit(image(A, "r.example/app:1", "sha256:1"), new byte[0], new byte[0]);
        assertEquals(image.pulledAt(), catalog.lastUsed(image));
        Instant created = image.pulledAt().plusSeconds(60);
        assertTrue(catalog.noteUse(A, created));
        assertFalse(catalog.noteUse(B, created));

        assertEquals(created, new ImageCatalog(root).lastUsed(image));
        Image pulledAgain = new Image(A, image.repoTags(), image.repoDigests(), 10, image.chainIds(), image.config(),
                created.plusSeconds(60));
        assertEquals(pulledAgain.pulledAt(), catalog.lastUsed(pulledAgain));
    }

    @Test
    void aTagMovesToTheImageLastPulledUnderIt() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        catalog.commit(image(A, "r.example/app:latest", "sha256:1"), new byte[0], new byte[0]);
        catalog.commit(image(B, "r.example/app:latest", "sha256:2"), new byte[0], new byte[0]);

        assertEquals(List.of(), catalog.byId(A).orElseThrow().repoTags());
        assertEquals(List.of("r.example/app:latest"), catalog.byId(B).orElseThrow().repoTags());
        assertEquals(List.of(), new ImageCatalog(root).byId(A).orElseThrow().repoTags());
    }

    @Test
    void imagesAreFoundByIdPrefixTagAndDigest() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        catalog.commit(image(A, "r.example/app:1", "sha256:1"), new byte[0], new byte[0]);

        assertTrue(catalog.find(A, List.of()).isPresent());
        assertTrue(catalog.find("a".repeat(64), List.of()).isPresent());
        assertTrue(catalog.find("aaaaaa", List.of()).isPresent());
        assertTrue(catalog.find("x", List.of(ImageReference.parse("r.example/app:1"))).isPresent());
        assertTrue(catalog.find("x", List.of(ImageReference.parse("r.example/app@" + DIGEST))).isPresent());
        assertFalse(catalog.find("x", List.of(ImageReference.parse("r.example/app:2"))).isPresent());
        assertFalse(catalog.find("aaa", List.of()).isPresent(), "prefixes under 6 digits are not IDs");
    }

    @Test
    void removingForgetsTheImageAndItsLayersAreNoLongerInUse() throws IOException {
        ImageCatalog catalog = new ImageCatalog(root);
        catalog.commit(image(A, "r.example/app:1", "sha256:1", "sha256:2"), new byte[0], new byte[0]);
        catalog.commit(image(B, "r.example/app:2", "sha256:1", "sha256:3"), new byte[0], new byte[0]);

        assertTrue(catalog.remove(A));
        assertFalse(catalog.remove(A));

        assertEquals(Set.of("sha256:1", "sha256:3"), catalog.chainIdsInUse());
        assertFalse(Files.exists(root.resolve("a".repeat(64))));
    }

    @Test
    void anImageWhoseRecordWasNeverWrittenIsDroppedAtStart() throws IOException {
        Files.createDirectories(root.resolve("c".repeat(64)));
        Files.writeString(root.resolve("c".repeat(64)).resolve("manifest.json"), "{}");

        ImageCatalog catalog = new ImageCatalog(root);

        assertTrue(catalog.all().isEmpty());
        assertFalse(Files.exists(root.resolve("c".repeat(64))));
    }

    @Test
    void chainIdsFollowTheOciDefinition() {
        String d1 = "sha256:" + "1".repeat(64);
        String d2 = "sha256:" + "2".repeat(64);
        List<String> chains = LayerChains.of(List.of(d1, d2));
        assertEquals(d1, chains.get(0));
        // printf 'sha256:111… sha256:222…' | sha256sum
        assertEquals("sha256:9932074217c35353d2e03a3f5a86549f7c67bfeb0ba53e23d69f4d4c8f7958f5", chains.get(1));
    }
}
