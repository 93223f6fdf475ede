package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file, its scopes, the identity rules and registries.d, without keys or registries. */
class PolicyDocumentTest {

    private static final Path FILE = Path.of("/etc/containers/policy.json");

    private static PolicyDocument parse(String json) throws PolicyException {
        return PolicyDocument.parse(json.getBytes(StandardCharsets.UTF_8), FILE);
    }

    private static final String SCOPED = """
            {
              "default": [{"type": "reject"}],
              "transports": {
                "docker": {
                  "": [{"type": "insecureAcceptAnything"}],
                  "*.example.com": [{"type": "reject"}],
                  "*.b.example.com": [{"type": "insecureAcceptAnything"}],
                  "reg.example.com/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "k.gpg"}],
                  "reg.example.com/team/app:1": [{"type": "sigstoreSigned", "keyPath": "/c.pub"}],
                  "quay.io": [{"type": "reject"}]
                },
                "atomic": {"x": [{"type": "reject"}]}
              }
            }
            """;

    private static String scopeOf(PolicyDocument policy, String reference) {
        return policy.requirementsFor(DockerReference.parse(reference)).scope();
    }

    @Test
    void theMostSpecificScopeWins() throws Exception {
        PolicyDocument policy = parse(SCOPED);
        assertEquals("reg.example.com/team/app:1", scopeOf(policy, "reg.example.com/team/app:1"));
        assertEquals("reg.example.com/team", scopeOf(policy, "reg.example.com/team/app:2"));
        assertEquals("reg.example.com/team", scopeOf(policy, "reg.example.com/team/sub/app@sha256:" + "a".repeat(64)));
        assertEquals("*.example.com", scopeOf(policy, "reg.example.com/other/app:1"));
        assertEquals("*.b.example.com", scopeOf(policy, "a.b.example.com:5000/app:1"));
        assertEquals("quay.io", scopeOf(policy, "quay.io/x/y"));
        assertEquals("docker", scopeOf(policy, "busybox"));
    }

    @Test
    void theDefaultAppliesWithoutDockerScopes() throws Exception {
        PolicyDocument policy = parse("{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        PolicyDocument.Scoped scoped = policy.requirementsFor(DockerReference.parse("busybox:1"));
        assertEquals("default", scoped.scope());
        assertInstanceOf(Requirement.InsecureAcceptAnything.class, scoped.requirements().get(0));
    }

    @Test
    void relativeKeyPathsAreTheDirectoryOfThePolicys() throws Exception {
        Requirement.SignedBy signedBy = (Requirement.SignedBy) parse(SCOPED)
                .requirementsFor(DockerReference.parse("reg.example.com/team/app:2")).requirements().get(0);
        assertEquals(Path.of("/etc/containers/k.gpg"), signedBy.keyPaths().get(0));
        assertInstanceOf(SignedIdentity.MatchRepoDigestOrExact.class, signedBy.identity());
    }

    @Test
    void sigstoreSignedTakesKeysLikeContainersImage() throws Exception {
        Requirement.SigstoreSigned byPath = (Requirement.SigstoreSigned) parse(SCOPED)
                .requirementsFor(DockerReference.parse("reg.example.com/team/app:1")).requirements().get(0);
        assertEquals(List.of(Path.of("/c.pub")), byPath.keyPaths());
        assertInstanceOf(SignedIdentity.MatchRepoDigestOrExact.class, byPath.identity());
        assertFalse(byPath.keyless());

        Requirement.SigstoreSigned several = (Requirement.SigstoreSigned) parse("""
                {"default": [{"type": "sigstoreSigned", "keyPaths": ["a.pub", "/k/b.pub"],
                              "signedIdentity": {"type": "matchRepository"}}]}
                """).defaults().get(0);
        assertEquals(List.of(Path.of("/etc/containers/a.pub"), Path.of("/k/b.pub")), several.keyPaths());
        assertInstanceOf(SignedIdentity.MatchRepository.class, several.identity());

        Requirement.SigstoreSigned inline = (Requirement.SigstoreSigned) parse(
                "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyDatas\": [\"QQ==\", \"Qg==\"]}]}")
                .defaults().get(0);
        assertEquals("AB", inline.keyData().stream().map(b -> new String(b, StandardCharsets.US_ASCII))
                .reduce("", String::concat));

        Requirement.SigstoreSigned keyless = (Requirement.SigstoreSigned) parse("""
                {"default": [{"type": "sigstoreSigned", "fulcio": {"caPath": "/ca.pem", "oidcIssuer": "https://i",
                              "subjectEmail": "a@b.c"}, "rekorPublicKeyPath": "/rekor.pub"}]}
                """).defaults().get(0);
        assertTrue(keyless.keyless());
        assertTrue(keyless.rekor());
        assertTrue(keyless.keyPaths().isEmpty() && keyless.keyData().isEmpty());
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertEquals("/etc/containers/policy.json line 3: sigstoreSigned needs exactly one of keyPath, keyPaths, "
                        + "keyData, keyDatas, fulcio",
                assertThrows(PolicyException.class,
                        () -> parse("{\n \"default\": [\n  {\"type\": \"sigstoreSigned\"}\n]}")).getMessage());
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": [{\"type\": \"sigstoreSigned\", "
                + "\"keyPath\": \"/k\", \"keyData\": \"QQ==\"}]}")).getMessage().contains("exactly one"));
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": [{\"type\": \"sigstoreSigned\", "
                + "\"keyPath\": \"/k\", \"fulcio\": {}}]}")).getMessage().contains("exactly one"));
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": [{\"type\": \"sigstoreSigned\", "
                + "\"fulcio\": \"yes\"}]}")).getMessage().contains("fulcio must be an object"));
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": [{\"type\": \"sigstoreSigned\", "
                + "\"keyPaths\": []}]}")).getMessage().contains("sigstoreSigned keyPaths must be a non-empty array"));
        assertEquals("/etc/containers/policy.json line 3: unknown policy requirement type \"signedByMagic\"",
                assertThrows(PolicyException.class,
                        () -> parse("{\n \"default\": [\n  {\"type\": \"signedByMagic\"}\n]}")).getMessage());
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\n\"default\": [\n{\"type\": \"reject\"},,]}"))
                .getMessage().startsWith("/etc/containers/policy.json line 3: "));
        assertEquals("/etc/containers/policy.json: \"default\" is missing",
                assertThrows(PolicyException.class, () -> parse("{\"transports\": {}}")).getMessage());
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": []}")).getMessage()
                .contains("must not be empty"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(
                "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"X509\", \"keyPath\": \"/k\"}]}"))
                .getMessage().contains("keyType \"X509\""));
        assertTrue(assertThrows(PolicyException.class, () -> parse(
                "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\","
                        + " \"keyData\": \"AA==\"}]}")).getMessage().contains("exactly one"));
        assertTrue(assertThrows(PolicyException.class, () -> parse("{\"default\": [{\"type\": \"signedBy\", "
                + "\"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": {\"type\": \"guess\"}}]}"))
                .getMessage().contains("unknown signedIdentity type"));
        assertTrue(assertThrows(PolicyException.class, () -> parse(
                "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"reg/*\": "
                        + "[{\"type\": \"reject\"}]}}}")).getMessage().contains("wildcard"));
    }

    private static boolean matches(SignedIdentity rule, String image, String signed) {
        return rule.matches(DockerReference.parse(image), DockerReference.parse(signed));
    }

    @Test
    void identityRules() {
        String digest = "@sha256:" + "b".repeat(64);
        SignedIdentity exact = new SignedIdentity.MatchExact();
        assertTrue(matches(exact, "busybox:1", "docker.io/library/busybox:1"));
        assertFalse(matches(exact, "busybox:1", "busybox:2"));
        assertFalse(matches(exact, "r.io/a" + digest, "r.io/a:1"));

        SignedIdentity repoDigest = new SignedIdentity.MatchRepoDigestOrExact();
        assertTrue(matches(repoDigest, "r.io/a" + digest, "r.io/a:1"));
        assertFalse(matches(repoDigest, "r.io/a" + digest, "r.io/b:1"));
        assertTrue(matches(repoDigest, "r.io/a:1", "r.io/a:1"));
        assertFalse(matches(repoDigest, "r.io/a:1", "r.io/a:2"));

        SignedIdentity repository = new SignedIdentity.MatchRepository();
        assertTrue(matches(repository, "r.io/a:1", "r.io/a:2"));
        assertFalse(matches(repository, "r.io/a:1", "r.io/ab:1"));

        SignedIdentity exactReference = new SignedIdentity.ExactReference(DockerReference.parse("r.io/x:7"));
        assertTrue(matches(exactReference, "mirror.io/y:1", "r.io/x:7"));
        assertFalse(matches(exactReference, "mirror.io/y:1", "r.io/x:8"));

        SignedIdentity exactRepository = new SignedIdentity.ExactRepository(DockerReference.parse("r.io/x"));
        assertTrue(matches(exactRepository, "mirror.io/y:1", "r.io/x:8"));
        assertFalse(matches(exactRepository, "mirror.io/y:1", "r.io/z:8"));

        SignedIdentity remap = new SignedIdentity.RemapIdentity("mirror.io/proxy", "docker.io/library");
        assertTrue(matches(remap, "mirror.io/proxy/busybox:1", "busybox:1"));
        assertFalse(matches(remap, "mirror.io/proxy/busybox:1", "busybox:2"));
        assertFalse(matches(remap, "mirror.io/proxyx/busybox:1", "busybox:1"), "a prefix ends at a boundary");
        assertTrue(matches(remap, "other.io/app:1", "other.io/app:1"), "outside the prefix: matchRepoDigestOrExact");
    }

    @Test
    void referencesAreNormalizedAsContainersImageDoes() {
        assertEquals("docker.io/library/busybox:1", DockerReference.parse("busybox:1").toString());
        assertEquals("docker.io/team/app", DockerReference.parse("team/app").toString());
        assertEquals("localhost:5000/app", DockerReference.parse("localhost:5000/app").name());
        assertEquals("app", DockerReference.parse("127.0.0.1:5000/app:1").path());
    }

    @Test
    void registriesDPicksTheMostSpecificLookaside(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("default.yaml"), "default-docker:\n  lookaside: https://sigs.example/all\n");
        Files.writeString(dir.resolve("team.yaml"), """
                docker:
                  reg.example.com/team:
                    lookaside: file:///srv/team
                    lookaside-staging: file:///ignored
                  reg.example.com:
                    sigstore: http://sigs.example/reg
                """);
        Files.writeString(dir.resolve("notes.txt"), "not read");
        RegistriesDirectory registries = RegistriesDirectory.read(dir);
        assertEquals(URI.create("file:///srv/team"),
                registries.lookasideFor(DockerReference.parse("reg.example.com/team/app:1")).orElseThrow());
        assertEquals(URI.create("http://sigs.example/reg"),
                registries.lookasideFor(DockerReference.parse("reg.example.com/other:1")).orElseThrow());
        assertEquals(URI.create("https://sigs.example/all"),
                registries.lookasideFor(DockerReference.parse("busybox")).orElseThrow());
        assertEquals(URI.create("file:///srv/team/team/app@sha256=" + "c".repeat(64) + "/signature-2"),
                RegistriesDirectory.signatureUri(URI.create("file:///srv/team/"),
                        DockerReference.parse("reg.example.com/team/app:1"), "sha256:" + "c".repeat(64), 2));
    }

    @Test
    void registriesDTurnsSigstoreAttachmentsOnByTheMostSpecificScopeThatSays(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("default.yaml"), "default-docker:\n  use-sigstore-attachments: true\n");
        Files.writeString(dir.resolve("reg.yaml"), """
                docker:
                  reg.example.com:
                    use-sigstore-attachments: false
                  reg.example.com/team/app:
                    use-sigstore-attachments: true
                  reg.example.com/team:
                    lookaside: file:///srv/team
                """);
        RegistriesDirectory registries = RegistriesDirectory.read(dir);
        assertTrue(registries.useSigstoreAttachments(DockerReference.parse("busybox")));
        assertFalse(registries.useSigstoreAttachments(DockerReference.parse("reg.example.com/other:1")));
        assertFalse(registries.useSigstoreAttachments(DockerReference.parse("reg.example.com/team/x:1")),
                "a scope that does not say leaves it to a wider one");
        assertTrue(registries.useSigstoreAttachments(DockerReference.parse("reg.example.com/team/app:1")));
        assertFalse(RegistriesDirectory.read(dir.resolve("missing")).useSigstoreAttachments(
                DockerReference.parse("busybox")), "off unless turned on");

        Files.writeString(dir.resolve("reg.yaml"), "docker:\n  r.io:\n    use-sigstore-attachments: sometimes\n");
        assertTrue(assertThrows(PolicyException.class, () -> RegistriesDirectory.read(dir)).getMessage()
                .contains("use-sigstore-attachments must be true or false"));
    }

    @Test
    void registriesDErrorsRefuse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "docker:\n  r.io:\n    lookaside: ftp://x\n");
        assertTrue(assertThrows(PolicyException.class, () -> RegistriesDirectory.read(dir)).getMessage()
                .contains("only file://"));
        Files.writeString(dir.resolve("a.yaml"), "docker: [\n");
        assertTrue(assertThrows(PolicyException.class, () -> RegistriesDirectory.read(dir)).getMessage()
                .startsWith(dir.resolve("a.yaml").toString()));
        assertTrue(RegistriesDirectory.read(dir.resolve("missing")).lookasideFor(DockerReference.parse("a")).isEmpty());
    }
}
