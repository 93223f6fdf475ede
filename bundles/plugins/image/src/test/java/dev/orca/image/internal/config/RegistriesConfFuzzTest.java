package dev.orca.image.internal.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.orca.image.internal.reference.ImageReference;
import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * registries.conf files mutated from a v2 file with every table Orca reads: each is parsed (and then answers for a
 * reference) or refused with the IllegalArgumentException naming the file that the image store logs and reports.
 */
@AddLifecycleHook(FuzzBudget.class)
class RegistriesConfFuzzTest {

    static final String SEED = """
            unqualified-search-registries = ["docker.io", "quay.io"]

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example:5000/bar"
            insecure = true
            blocked = false

            [[registry.mirror]]
            location = "mirror.example/foo"
            insecure = false

            [[registry]]
            location = "blocked.example"
            blocked = true
            """;
    static final List<String> KEYWORDS = List.of("[[registry]]", "[[registry.mirror]]", "[registries.search]",
            "prefix = ", "location = ", "insecure = ", "blocked = ", "mirror-by-digest-only = true", "\"*.example\"",
            "\"\"", "\"a/../b\"", "\"*\"", "[]", "= [\"x\"]", "{ }", "1979-05-27T07:32:00Z", "0x7f", "inf");
    static final List<String> REFERENCES = List.of("example.com/foo/app:1", "busybox", "blocked.example/x@sha256:"
            + "a".repeat(64), "a.example/b", "docker.io/library/busybox:latest");

    @Property(tries = 10000)
    void filesAreParsedOrRefused(@ForAll Random random) {
        String toml = TextMutations.mutate(SEED, random, KEYWORDS);
        RegistriesConf conf;
        try {
            conf = RegistriesConf.parse(toml, "/etc/containers/registries.conf");
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
            return;
        }
        ImageReference reference = ImageReference.parse(REFERENCES.get(random.nextInt(REFERENCES.size())));
        conf.isBlocked(reference);
        try {
            assertNotNull(conf.sources(reference));
        } catch (IllegalArgumentException refused) {
            // a rewrite that makes no valid reference is refused as such
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }

    @Property(tries = 10000)
    void referencesAreParsedOrRefused(@ForAll Random random) {
        String text = TextMutations.mutate(REFERENCES.get(random.nextInt(REFERENCES.size())), random,
                List.of("/", ":", "@", "sha256:", "..", "-", "_", "__", "localhost", "A"));
        try {
            assertNotNull(ImageReference.parse(text).name());
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }
}
