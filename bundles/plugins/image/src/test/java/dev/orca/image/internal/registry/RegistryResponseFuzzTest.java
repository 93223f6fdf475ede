package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ImageException;
import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * What a registry says in headers, mutated: {@code WWW-Authenticate} challenges (and the token service URL Orca makes
 * of their realm) and redirect {@code Location}s. A challenge always parses (to a scheme and parameters, or to
 * nothing); a realm or a location is an http(s) URL with a host or an {@link ImageException}, never the JDK's
 * IllegalArgumentException or a null authority.
 */
@AddLifecycleHook(FuzzBudget.class)
class RegistryResponseFuzzTest {

    static final List<String> CHALLENGES = List.of(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"",
            "Basic realm=\"Registry Realm\"", "bearer realm=https://127.0.0.1:5001/token?x=1,service=reg",
            "Bearer realm=\"http://[::1]:5000/t\", error=\"invalid_token\"");
    static final List<String> LOCATIONS = List.of("https://cdn.example/blobs/sha256:ab?sig=x&exp=1", "/v2/a/blobs/x",
            "../../x", "http://127.0.0.1:5000/v2/", "//other.example/path", "https://user:pw@host:99999/x");
    static final List<String> KEYWORDS = List.of("realm=", "service=", "scope=", "\"", ",", " ", "Bearer ", "Basic ",
            "http://", "https://", "file:///etc/passwd", "mailto:a@b", "javascript:x", "//", "?", "#", "%", "%zz", "[",
            "]", "@", ":", "::1", "[::1]", "\t", "\r\n", "\\\"", "=");

    @Property(tries = 10000)
    void challengesParseAndTheirRealmIsAUrlOrRefused(@ForAll Random random) {
        String header = TextMutations.mutate(CHALLENGES.get(random.nextInt(CHALLENGES.size())), random, KEYWORDS);
        Optional<Challenge> challenge = Challenge.parse(header);
        if (challenge.isEmpty()) {
            return;
        }
        assertNotNull(challenge.get().scheme());
        try {
            URI service = RegistryUris.tokenService(challenge.get().realm(), random.nextBoolean() ? ""
                    : "service=reg&scope=repository%3Aa%3Apull", "reg.example");
            assertTrue(service.getScheme().toLowerCase(Locale.ROOT).startsWith("http"), service.toString());
            assertNotNull(service.getHost());
        } catch (ImageException refused) {
            assertFalse(refused.getMessage().isBlank());
        }
    }

    @Property(tries = 10000)
    void redirectsLeadToAUrlOrAreRefused(@ForAll Random random) {
        String location = TextMutations.mutate(LOCATIONS.get(random.nextInt(LOCATIONS.size())), random, KEYWORDS);
        URI current = URI.create(random.nextBoolean() ? "https://reg.example/v2/a/manifests/latest"
                : "http://127.0.0.1:5000/v2/a/blobs/sha256:ab");
        try {
            URI next = RegistryUris.redirect(current, location, "reg.example", "manifest latest");
            assertNotNull(next.getHost());
            assertNotNull(next.getAuthority());
        } catch (ImageException refused) {
            assertFalse(refused.getMessage().isBlank());
        }
    }
}
