package dev.orca.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ImageLookupsTest {

    private final ImageLookups lookups = new ImageLookups();
    private final Object registries = new Object();
    private final List<String> resolved = new ArrayList<>();

    private static Image image(String tag) {
        ImageConfig config = new ImageConfig("", List.of(), List.of(), List.of("/bin/sh"), "/", Map.of(), "",
                List.of(), List.of());
        return new Image("sha256:" + "a".repeat(64), List.of(tag), List.of(), 1, List.of(), config, Instant.EPOCH);
    }

    private Function<String, Optional<Image>> resolver(Optional<Image> answer) {
        return name -> {
            resolved.add(name);
            return answer;
        };
    }

    @Test
    void aNameAskedForAgainIsAnsweredWithoutResolvingItAgain() {
        Optional<Image> busybox = Optional.of(image("docker.io/library/busybox:1.36"));
        assertSame(busybox.get(), lookups.find("busybox:1.36", 1, registries, resolver(busybox)).get());
        assertSame(busybox.get(), lookups.find("busybox:1.36", 1, registries, resolver(busybox)).get());
        assertEquals(Optional.empty(), lookups.find("nginx", 1, registries, resolver(Optional.empty())));
        assertEquals(Optional.empty(), lookups.find("nginx", 1, registries, resolver(Optional.empty())));

        assertEquals(List.of("busybox:1.36", "nginx"), resolved, "each name resolved once, a miss too");
    }

    @Test
    void aChangedCatalogOrRegistriesConfigurationIsResolvedAfresh() {
        Optional<Image> busybox = Optional.of(image("docker.io/library/busybox:1.36"));
        assertEquals(Optional.empty(), lookups.find("busybox", 1, registries, resolver(Optional.empty())));
        assertEquals(busybox, lookups.find("busybox", 2, registries, resolver(busybox)), "after a pull");
        assertEquals(busybox, lookups.find("busybox", 2, registries, resolver(busybox)));
        assertEquals(Optional.empty(), lookups.find("busybox", 2, new Object(), resolver(Optional.empty())),
                "after registries.conf changed its search registries");

        assertEquals(List.of("busybox", "busybox", "busybox"), resolved);
    }

    @Test
    void anAnswerResolvedForAnOlderGenerationIsNotKept() {
        Optional<Image> busybox = Optional.of(image("docker.io/library/busybox:1.36"));
        // A lookup that read generation 1, then a pull (generation 2) answered by another caller first.
        lookups.find("other", 2, registries, resolver(Optional.empty()));
        assertEquals(Optional.empty(), lookups.find("busybox", 1, registries, resolver(Optional.empty())));

        assertEquals(busybox, lookups.find("busybox", 2, registries, resolver(busybox)),
                "the pre-pull miss was not remembered for the post-pull catalog");
    }

    @Test
    void theListIsBuiltOncePerGeneration() {
        AtomicInteger built = new AtomicInteger();
        List<Image> one = List.of(image("a:1"));
        assertSame(one, lookups.list(1, registries, () -> {
            built.incrementAndGet();
            return one;
        }));
        assertSame(one, lookups.list(1, registries, () -> {
            built.incrementAndGet();
            return List.of();
        }));
        assertEquals(List.of(), lookups.list(2, registries, () -> {
            built.incrementAndGet();
            return List.of();
        }));
        assertEquals(2, built.get());
    }

    @Test
    void atMostABoundedNumberOfNamesIsRemembered() {
        for (int i = 0; i <= ImageLookups.MAX_NAMES; i++) {
            lookups.find("name-" + i, 1, registries, resolver(Optional.empty()));
        }
        resolved.clear();
        lookups.find("name-0", 1, registries, resolver(Optional.empty()));
        lookups.find("name-" + ImageLookups.MAX_NAMES, 1, registries, resolver(Optional.empty()));

        assertEquals(List.of("name-0"), resolved, "the first names were dropped, the newest kept");
    }
}
