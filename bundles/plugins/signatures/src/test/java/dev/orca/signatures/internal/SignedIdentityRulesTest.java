package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orca.spi.policy.ImagePolicy.Decision;
import dev.orca.testkit.GpgSigner;
import dev.orca.testkit.GpgSigner.Algorithm;
import dev.orca.testkit.TestImages;
import dev.orca.testkit.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every signedIdentity rule, accepting and refusing, on real skopeo signatures: one image signed as
 * {@code ids/app:1}, its signature also planted where {@code ids/other} is looked up, and a copy on a "mirror"
 * repository signed under the name it has upstream ({@code --sign-identity}).
 */
class SignedIdentityRulesTest {

    private static final String UPSTREAM = "registry.example.com/vendor";

    private static GpgSigner gpg;
    private static TestRegistry registry;
    private static Path keyFile;
    private static String digest;
    /** {@code host/ids/app}: signed as {@code :1}. */
    private static String app;
    /** {@code host/ids/other}: no signature of its own; app's is planted there. */
    private static String other;
    /** {@code host/mirror/app}: signed claiming {@code registry.example.com/vendor/app:1}. */
    private static String mirror;

    @BeforeAll
    static void signOneImage() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        String key = gpg.generateKey("Identity Signer", Algorithm.ED25519, "0");
        keyFile = gpg.export(key, "identity.gpg");
        registry = TestRegistry.plain();
        String unsigned = TestImages.singleLayer(registry, "ids/unsigned:1").reference();
        app = registry.host() + "/ids/app";
        other = registry.host() + "/ids/other";
        mirror = registry.host() + "/mirror/app";
        gpg.sign(unsigned, app + ":1", key);
        gpg.sign(unsigned, mirror + ":1", key, UPSTREAM + "/app:1");
        digest = gpg.digestOf(app + ":1");
        gpg.plant(gpg.signatureFile("ids/app", digest, 1), "ids/other", digest, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    private static Decision check(Map<String, String> identity, String image) throws Exception {
        return new PolicyNode(gpg.directory(), "file://" + gpg.lookaside())
                .policy(PolicyNode.signedBy(List.of(keyFile), identity)).check(image, digest);
    }

    private static void assertAccepted(Map<String, String> identity, String image) throws Exception {
        Decision decision = check(identity, image);
        assertTrue(decision.accepted(), identity + " for " + image + ": " + decision.reason());
    }

    private static void assertRefused(Map<String, String> identity, String image, String claimed) throws Exception {
        Decision decision = check(identity, image);
        assertFalse(decision.accepted(), identity + " accepted " + image);
        // The rule is named with what it names: exactReference "r/x:2", remapIdentity "p" to "q".
        String named = identity.get("type") + switch (identity.get("type")) {
            case "exactReference" -> " \"" + identity.get("dockerReference") + "\"";
            case "exactRepository" -> " \"" + identity.get("dockerRepository") + "\"";
            case "remapIdentity" -> " \"" + identity.get("prefix") + "\" to \"" + identity.get("signedPrefix") + "\"";
            default -> "";
        };
        String reason = "is for \"" + claimed + "\", which " + named + " does not accept for \"" + image + "\"";
        assertTrue(decision.reason().contains(reason), "expected \"" + reason + "\" in: " + decision.reason());
    }

    @Test
    void matchExactWantsTheSameTag() throws Exception {
        Map<String, String> rule = Map.of("type", "matchExact");
        assertAccepted(rule, app + ":1");
        assertRefused(rule, app + "@" + digest, app + ":1");
        assertRefused(rule, app + ":2", app + ":1");
    }

    @Test
    void matchRepoDigestOrExactWantsTheRepositoryForADigest() throws Exception {
        Map<String, String> rule = Map.of("type", "matchRepoDigestOrExact");
        assertAccepted(rule, app + "@" + digest);
        assertAccepted(rule, app + ":1");
        assertAccepted(null, app + "@" + digest);
        assertRefused(rule, other + "@" + digest, app + ":1");
        assertRefused(rule, app + ":2", app + ":1");
    }

    @Test
    void matchRepositoryTakesAnyTagOfTheRepository() throws Exception {
        Map<String, String> rule = Map.of("type", "matchRepository");
        assertAccepted(rule, app + ":2");
        assertAccepted(rule, app + "@" + digest);
        assertRefused(rule, other + ":1", app + ":1");
    }

    @Test
    void exactReferenceWantsTheSignatureToClaimIt() throws Exception {
        assertAccepted(Map.of("type", "exactReference", "dockerReference", app + ":1"), other + ":7");
        assertRefused(Map.of("type", "exactReference", "dockerReference", app + ":2"), app + ":2", app + ":1");
        assertRefused(Map.of("type", "exactReference", "dockerReference", app + "@" + digest), app + "@" + digest,
                app + ":1");
    }

    @Test
    void exactRepositoryWantsTheSignatureToClaimIt() throws Exception {
        assertAccepted(Map.of("type", "exactRepository", "dockerRepository", app), other + ":1");
        assertRefused(Map.of("type", "exactRepository", "dockerRepository", other), other + ":1", app + ":1");
    }

    @Test
    void remapIdentityComparesAMirrorUnderItsUpstreamName() throws Exception {
        Map<String, String> rule = Map.of("type", "remapIdentity", "prefix", registry.host() + "/mirror",
                "signedPrefix", UPSTREAM);
        assertAccepted(rule, mirror + ":1");
        assertAccepted(rule, mirror + "@" + digest);
        assertRefused(rule, mirror + ":2", UPSTREAM + "/app:1");
        // Without remapping, the mirror's name is not the name signed.
        assertRefused(Map.of("type", "matchRepoDigestOrExact"), mirror + ":1", UPSTREAM + "/app:1");
        assertRefused(Map.of("type", "remapIdentity", "prefix", registry.host() + "/elsewhere", "signedPrefix",
                UPSTREAM), mirror + ":1", UPSTREAM + "/app:1");
    }

    @Test
    void remapIdentityMatchesWholePathComponentsOnly() throws Exception {
        // "…/mirror/ap" is a prefix of "…/mirror/app" as a string, not as a repository.
        Map<String, String> rule = Map.of("type", "remapIdentity", "prefix", registry.host() + "/mirror/ap",
                "signedPrefix", UPSTREAM + "/ap");
        assertRefused(rule, mirror + ":1", UPSTREAM + "/app:1");
    }
}
