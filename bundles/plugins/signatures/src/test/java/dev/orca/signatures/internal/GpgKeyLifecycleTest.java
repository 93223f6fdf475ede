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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys that expire or are revoked after they signed: gpg makes and revokes them, skopeo signs with them while they
 * are good, and the policy, its clock set before or after, judges the same signature.
 */
class GpgKeyLifecycleTest {

    private static final Duration PAST_EXPIRY = Duration.ofDays(2);

    private static GpgSigner gpg;
    private static TestRegistry registry;
    private static Signer expiring;
    private static Signer subkeyExpiring;
    private static Signer primaryExpiring;
    private static Signer signatureExpiring;
    private static Signer renewed;
    private static Signer revoked;
    private static Signer subkeyRevoked;

    /** A key, the image it signed ({@code life/<name>:1}), and its public key as exported before any revocation. */
    private record Signer(String image, String digest, String primary, String signing, Path keyFile) {
    }

    @BeforeAll
    static void signWhileTheKeysAreGood() throws Exception {
        assumeTrue(GpgSigner.available(), "gpg and skopeo are needed to make real signatures: skipped");
        gpg = GpgSigner.inTemporaryDirectory();
        registry = TestRegistry.plain();
        String unsigned = TestImages.singleLayer(registry, "life/unsigned:1").reference();

        expiring = signer(unsigned, "expiring", "1d", null, false);
        subkeyExpiring = signer(unsigned, "subkey-expiring", "0", "1d", false);
        primaryExpiring = signer(unsigned, "primary-expiring", "1d", "0", false);
        signatureExpiring = signer(unsigned, "signature-expiring", "0", null, true);
        renewed = signer(unsigned, "renewed", "1d", null, false);
        revoked = signer(unsigned, "revoked", "0", null, false);
        subkeyRevoked = signer(unsigned, "subkey-revoked", "0", "0", false);
    }

    private static Signer signer(String unsigned, String name, String expire, String subkeyExpire,
            boolean signatureExpires) throws Exception {
        String primary = gpg.generateKey(name, Algorithm.ED25519, expire);
        String signing = subkeyExpire == null ? primary : gpg.addSigningSubkey(primary, subkeyExpire);
        String image = registry.host() + "/life/" + name + ":1";
        if (signatureExpires) {
            gpg.signExpiring(unsigned, image, primary, "1d");
        } else {
            gpg.sign(unsigned, image, primary);
        }
        return new Signer(image, gpg.digestOf(image), primary, signing, gpg.export(primary, name + ".gpg"));
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

    private static Decision check(Signer signer, List<Path> keys, Instant now) throws Exception {
        PolicyNode node = new PolicyNode(gpg.directory(), "file://" + gpg.lookaside(),
                Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(10));
        return node.policy(PolicyNode.signedBy(keys, null)).check(signer.image(), signer.digest());
    }

    private static void assertRefused(Decision decision, String reason) {
        assertFalse(decision.accepted(), decision.reason());
        assertTrue(decision.reason().contains(reason), "expected \"" + reason + "\" in: " + decision.reason());
    }

    @Test
    void aKeyPastItsExpiryIsRefusedNamingTheDateAndAcceptedBefore() throws Exception {
        Instant expiry = gpg.expiry(expiring.primary());
        Decision before = check(expiring, List.of(expiring.keyFile()), Instant.now());
        assertTrue(before.accepted(), before.reason());
        assertRefused(check(expiring, List.of(expiring.keyFile()), Instant.now().plus(PAST_EXPIRY)),
                "(signature-1: key " + GpgSigner.keyId(expiring.primary()) + " expired on " + expiry + ")");
    }

    @Test
    void aSigningSubkeyPastItsExpiryIsRefusedThoughItsPrimaryIsValid() throws Exception {
        Instant expiry = gpg.expiry(subkeyExpiring.signing());
        assertTrue(check(subkeyExpiring, List.of(subkeyExpiring.keyFile()), Instant.now()).accepted());
        Decision after = check(subkeyExpiring, List.of(subkeyExpiring.keyFile()), Instant.now().plus(PAST_EXPIRY));
        assertRefused(after, "(signature-1: key " + GpgSigner.keyId(subkeyExpiring.signing()) + " expired on "
                + expiry + ")");
    }

    @Test
    void aSubkeyWhosePrimaryExpiredIsRefusedNamingThePrimary() throws Exception {
        Instant expiry = gpg.expiry(primaryExpiring.primary());
        assertTrue(check(primaryExpiring, List.of(primaryExpiring.keyFile()), Instant.now()).accepted());
        assertRefused(check(primaryExpiring, List.of(primaryExpiring.keyFile()), Instant.now().plus(PAST_EXPIRY)),
                "(signature-1: key " + GpgSigner.keyId(primaryExpiring.signing()) + " (its primary key "
                        + GpgSigner.keyId(primaryExpiring.primary()) + ") expired on " + expiry);
    }

    @Test
    void aSignaturePastItsOwnExpiryIsRefused() throws Exception {
        Path key = signatureExpiring.keyFile();
        assertTrue(check(signatureExpiring, List.of(key), Instant.now()).accepted());
        assertRefused(check(signatureExpiring, List.of(key), Instant.now().plus(PAST_EXPIRY)),
                "(signature-1: the signature by key " + GpgSigner.keyId(signatureExpiring.primary())
                        + " expired on ");
    }

    @Test
    void aKeyWhoseOwnerRemovedItsExpiryIsAcceptedPastTheOldDate() throws Exception {
        Path before = renewed.keyFile();
        gpg.setExpiry(renewed.primary(), "0");
        Path after = gpg.export(renewed.primary(), "renewed-after.gpg");
        Instant later = Instant.now().plus(PAST_EXPIRY);
        assertRefused(check(renewed, List.of(before), later), "expired on");
        Decision renewedKey = check(renewed, List.of(after), later);
        assertTrue(renewedKey.accepted(), renewedKey.reason());
        // Both copies, in either order: the newest self-signature says when the key expires, as in gpg.
        Decision both = check(renewed, List.of(before, after), later);
        assertTrue(both.accepted(), both.reason());
        both = check(renewed, List.of(after, before), later);
        assertTrue(both.accepted(), both.reason());
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Decision before = check(revoked, List.of(revoked.keyFile()), Instant.now());
        assertTrue(before.accepted(), before.reason());
        gpg.revoke(revoked.primary());
        Path revokedKey = gpg.export(revoked.primary(), "revoked-after.gpg");
        assertRefused(check(revoked, List.of(revokedKey), Instant.now()),
                "(signature-1: key " + GpgSigner.keyId(revoked.primary()) + " is revoked)");
        // A revocation counts whichever of the trusted key files carries it: gpg would merge the copies.
        assertRefused(check(revoked, List.of(revokedKey, revoked.keyFile()), Instant.now()), "is revoked");
        assertRefused(check(revoked, List.of(revoked.keyFile(), revokedKey), Instant.now()), "is revoked");
    }

    @Test
    void aRevokedSigningSubkeyIsRefused() throws Exception {
        Decision before = check(subkeyRevoked, List.of(subkeyRevoked.keyFile()), Instant.now());
        assertTrue(before.accepted(), before.reason());
        gpg.revokeSubkey(subkeyRevoked.primary(), 1);
        Path revokedKey = gpg.export(subkeyRevoked.primary(), "subkey-revoked-after.gpg");
        assertRefused(check(subkeyRevoked, List.of(revokedKey), Instant.now()),
                "(signature-1: key " + GpgSigner.keyId(subkeyRevoked.signing()) + " is revoked)");
    }
}
