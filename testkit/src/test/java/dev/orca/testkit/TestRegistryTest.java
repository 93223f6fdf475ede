package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRegistryTest {

    @Test
    void plainRegistryAnswersOnLoopbackAndLeavesNothingBehind() throws Exception {
        Path storage;
        Path log;
        try (TestRegistry registry = TestRegistry.plain()) {
            assertTrue(registry.host().matches("127\\.0\\.0\\.1:\\d+"), registry.host());
            assertEquals("http://" + registry.host(), registry.url().toString());
            HttpResponse<byte[]> answer = new RegistryHttp(registry).get("/v2/", null);
            assertEquals(200, answer.statusCode());
            assertEquals("registry/2.0", answer.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
            storage = registry.storageDir();
            log = registry.logFile();
            assertTrue(Files.isDirectory(storage));
            assertTrue(registry.logTail().contains("listening on 127.0.0.1"), registry.logTail());
            assertTrue(registry.credentials().isEmpty());
        }
        assertFalse(Files.exists(storage), "storage " + storage + " survived close()");
        assertFalse(Files.exists(log), "log " + log + " survived close()");
    }

    @Test
    void closedRegistryNoLongerAnswers() throws Exception {
        TestRegistry registry = TestRegistry.plain();
        RegistryHttp http = new RegistryHttp(registry);
        registry.close();
        registry.close();
        assertThrows(IOException.class, () -> http.get("/v2/", null));
    }

    @Test
    void tlsRegistryIsTrustedOnlyThroughItsOwnCertificate() throws Exception {
        try (TestRegistry registry = TestRegistry.plainTls()) {
            assertEquals("https://" + registry.host(), registry.url().toString());
            assertTrue(registry.isTls());
            assertEquals(200, new RegistryHttp(registry).get("/v2/", null).statusCode());
            HttpRequest probe = HttpRequest.newBuilder(registry.url().resolve("/v2/")).build();
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(probe,
                    HttpResponse.BodyHandlers.discarding()), "the JDK's default trust store accepted the registry");
            assertTrue(Files.readString(registry.certificate().orElseThrow().certificateFile())
                    .startsWith("-----BEGIN CERTIFICATE-----"));
        }
    }

    @Test
    void basicAuthRegistryRefusesMissingAndWrongCredentials() throws Exception {
        Credentials alice = new Credentials("alice", "s3cret: with spaces and colon");
        try (TestRegistry registry = TestRegistry.withBasicAuth(alice.user(), alice.password())) {
            RegistryHttp http = new RegistryHttp(registry);
            HttpResponse<byte[]> anonymous = http.get("/v2/", null);
            assertEquals(401, anonymous.statusCode());
            assertEquals("Basic realm=\"orca-testkit\"", anonymous.headers().firstValue("WWW-Authenticate")
                    .orElse(""));
            assertEquals(401, http.get("/v2/", new Credentials("alice", "wrong").basicAuthorization()).statusCode());
            assertEquals(401, http.get("/v2/", new Credentials("mallory", alice.password()).basicAuthorization())
                    .statusCode());
            assertEquals(200, http.get("/v2/", alice.basicAuthorization()).statusCode());
            assertEquals(alice, registry.credentials().orElseThrow());
        }
    }

    @Test
    void tokenAuthRegistryChallengesAndAcceptsOnlyTokensFromItsRealm() throws Exception {
        Credentials bob = new Credentials("bob", "hunter2");
        try (TestRegistry registry = TestRegistry.withTokenAuth(bob.user(), bob.password())) {
            RegistryHttp http = new RegistryHttp(registry);
            TokenServer tokens = registry.tokenServer().orElseThrow();

            HttpResponse<byte[]> challenged = http.get("/v2/", null);
            assertEquals(401, challenged.statusCode());
            Map<String, String> challenge = RegistryHttp.bearerChallenge(challenged);
            assertEquals(tokens.realm().toString(), challenge.get("realm"));
            assertEquals(tokens.service(), challenge.get("service"));

            assertEquals(401, http.requestToken(challenged, new Credentials("bob", "wrong").basicAuthorization())
                    .statusCode());
            HttpResponse<byte[]> granted = http.requestToken(challenged, bob.basicAuthorization());
            assertEquals(200, granted.statusCode());
            String token = RegistryHttp.token(granted);
            assertEquals(200, http.get("/v2/", "Bearer " + token).statusCode());

            assertEquals(401, http.get("/v2/", bob.basicAuthorization()).statusCode(),
                    "the registry took basic credentials instead of a token");
            assertEquals(401, http.get("/v2/", "Bearer " + token.substring(0, token.length() - 4) + "AAAA")
                    .statusCode(), "the registry took a token with a forged signature");
        }
    }

    @Test
    void tokenAuthOverTlsCombinesBoth() throws Exception {
        try (TestRegistry registry = TestRegistry.builder().tls().tokenAuth("carol", "pw").start()) {
            assertTrue(registry.isTls());
            HttpResponse<byte[]> challenged = new RegistryHttp(registry).get("/v2/", null);
            assertEquals(401, challenged.statusCode());
            assertTrue(RegistryHttp.bearerChallenge(challenged).containsKey("realm"));
        }
    }

    @Test
    void registryThatCannotStartIsReportedWithItsLogAndCleanedUp() {
        TestRegistryBuilder broken = new TestRegistryBuilder(Path.of("/bin/false"));
        IllegalStateException error = assertThrows(IllegalStateException.class, broken::start);
        assertTrue(error.getMessage().matches("(?s)registry 127\\.0\\.0\\.1:\\d+ exited with status 1 before "
                + "answering /v2/:.*"), error.getMessage());
    }

    @Test
    void oneRegistryTakesOneKindOfAuth() {
        assertThrows(IllegalStateException.class, () -> TestRegistry.builder().basicAuth("a", "b").tokenAuth("a", "b"));
    }
}
