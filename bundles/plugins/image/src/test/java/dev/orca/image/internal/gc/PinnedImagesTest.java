package dev.orca.image.internal.gc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedImagesTest {

    private static Image image(String tag) {
        return new Image("sha256:abc123", List.of(tag), List.of("r.example/app@sha256:fed"), 1, List.of(),
                ImageConfig.EMPTY, Instant.EPOCH);
    }

    @Test
    void exactNamesMatchWholeTagsOnly() {
        PinnedImages pins = new PinnedImages("registry.k8s.io/pause:3.9");
        assertTrue(pins.pins(image("registry.k8s.io/pause:3.9")));
        assertFalse(pins.pins(image("registry.k8s.io/pause:3.10")));
        assertFalse(pins.pins(image("registry.k8s.io/pause:3")));
    }

    @Test
    void globsMatchAnyCharactersWhereTheStarIs() {
        assertTrue(new PinnedImages("registry.k8s.io/*").pins(image("registry.k8s.io/pause:3.9")));
        assertTrue(new PinnedImages("*pause*").pins(image("registry.k8s.io/pause:3.9")));
        assertTrue(new PinnedImages("r.example/*:1").pins(image("r.example/infra/app:1")));
        assertFalse(new PinnedImages("r.example/*:1").pins(image("r.example/infra/app:2")));
        assertFalse(new PinnedImages("registry.k8s.io/*").pins(image("docker.io/library/busybox:1")));
    }

    @Test
    void regexCharactersInEntriesAreLiteral() {
        assertFalse(new PinnedImages("r.example/a.p:1").pins(image("r.example/axp:1")));
        assertFalse(new PinnedImages("r.example/app:[1]").pins(image("r.example/app:1")));
    }

    @Test
    void digestsAndIdsPinToo() {
        assertTrue(new PinnedImages("r.example/app@sha256:fed").pins(image("x/y:1")));
        assertTrue(new PinnedImages("sha256:abc123").pins(image("x/y:1")));
        assertTrue(new PinnedImages("", " sha256:abc* ").mark(image("x/y:1")).pinned());
        assertFalse(new PinnedImages("").mark(image("x/y:1")).pinned());
        assertTrue(new PinnedImages("a/b:1, x/*").pins(image("x/y:1")), "a .cfg line lists several");
    }
}
