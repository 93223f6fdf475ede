package dev.orca.image.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.image.internal.reference.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistriesConfTest {

    private static final String CONF = """
            unqualified-search-registries = ["127.0.0.1:5000", "docker.io"]

            [[registry]]
            prefix = "example.com/team"
            location = "127.0.0.1:5001/mirrored/team"
            insecure = true

            [[registry.mirror]]
            location = "127.0.0.1:5002/cache"
            insecure = true

            [[registry]]
            location = "blocked.example.org"
            blocked = true

            [[registry]]
            prefix = "example.com"
            location = "127.0.0.1:5003"
            mirror-by-digest-only = true

            [[registry.mirror]]
            location = "127.0.0.1:5004"
            """;

    private final RegistriesConf conf = RegistriesConf.parse(CONF, "registries.conf");

    @Test
    void readsTheSearchRegistriesInOrder() {
        assertEquals(List.of("127.0.0.1:5000", "docker.io"), conf.searchRegistries());
    }

    @Test
    void theLongestPrefixWinsAndMirrorsComeFirst() {
        List<PullSource> sources = conf.sources(ImageReference.parse("example.com/team/app:1"));

        assertEquals(List.of("127.0.0.1:5002/cache/app:1", "127.0.0.1:5001/mirrored/team/app:1"),
                sources.stream().map(s -> s.reference().toString()).toList());
        assertTrue(sources.get(0).insecure());
    }

    @Test
    void mirrorByDigestOnlySkipsMirrorsForTags() {
        assertEquals(List.of("127.0.0.1:5003/other:2"), conf.sources(ImageReference.parse("example.com/other:2"))
                .stream().map(s -> s.reference().toString()).toList());
        String digest = "sha256:" + "b".repeat(64);
        assertEquals(2, conf.sources(ImageReference.parse("example.com/other@" + digest)).size());
    }

    @Test
    void blockedRegistriesAreKnownAndOthersPassUntouched() {
        assertTrue(conf.isBlocked(ImageReference.parse("blocked.example.org/x/y:1")));
        assertFalse(conf.isBlocked(ImageReference.parse("quay.io/x/y")));
        assertEquals(List.of(new PullSource(ImageReference.parse("quay.io/x/y"), false)),
                conf.sources(ImageReference.parse("quay.io/x/y")));
    }

    @Test
    void malformedTomlIsRefusedWithItsLine() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RegistriesConf.parse("unqualified-search-registries = [\"a\"]\nlocation = = 1\n[[registry]]\n",
                        "/etc/containers/registries.conf"));

        assertTrue(error.getMessage().startsWith("/etc/containers/registries.conf: line 2"), error.getMessage());
    }

    @Test
    void versionOneIsRefusedClearly() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RegistriesConf.parse("[registries.search]\nregistries = ['docker.io']\n", "r.conf"));

        assertTrue(error.getMessage().contains("version 1"), error.getMessage());
    }
}
