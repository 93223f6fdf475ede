package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServerTest {

    private static final Credentials DAVE = new Credentials("dave", "correct horse");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;
    private static SelfSignedCertificate signing;
    private static TokenServer server;

    @BeforeAll
    static void start() {
        signing = SelfSignedCertificate.create(directory, "signing", "issuer");
        server = TokenServer.start(DAVE, new TokenIssuer("the-issuer", "the-service", signing));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void issuesAnRs256JwtDistributionCanVerify() throws Exception {
        HttpResponse<String> response = get("?service=the-service&scope=repository:team/app:pull,push"
                + "&scope=repository:other:pull", DAVE.basicAuthorization());
        assertEquals(200, response.statusCode(), response.body());
        String token = Json.string(Json.parseObject(response.body()), "token");
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);

        Map<String, Object> header = decode(parts[0]);
        assertEquals("RS256", header.get("alg"));
        assertEquals(LibtrustKeyId.of(signing.certificate().getPublicKey()), header.get("kid"));

        Map<String, Object> claims = decode(parts[1]);
        assertEquals("the-issuer", claims.get("iss"));
        assertEquals("dave", claims.get("sub"));
        assertEquals("the-service", claims.get("aud"));
        long now = Instant.now().getEpochSecond();
        assertTrue(Json.number(claims, "nbf") <= now && Json.number(claims, "exp") > now, claims.toString());
        assertFalse(Json.string(claims, "jti").isEmpty());
        assertEquals(List.of(
                Map.of("type", "repository", "name", "team/app", "actions", List.of("pull", "push")),
                Map.of("type", "repository", "name", "other", "actions", List.of("pull"))), claims.get("access"));

        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(signing.certificate());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signature does not verify");
    }

    @Test
    void anonymousRequestsGetATokenGrantingNothing() throws Exception {
        HttpResponse<String> response = get("?service=the-service&scope=repository:team/app:pull", null);
        assertEquals(200, response.statusCode());
        String token = Json.string(Json.parseObject(response.body()), "token");
        Map<String, Object> claims = decode(token.split("\\.")[1]);
        assertEquals("", claims.get("sub"));
        assertEquals(List.of(), claims.get("access"));
    }

    @Test
    void wrongCredentialsAndForeignServicesAreRefused() throws Exception {
        assertEquals(401, get("?service=the-service", new Credentials("dave", "wrong").basicAuthorization())
                .statusCode());
        assertEquals(401, get("?service=the-service", "Bearer something").statusCode());
        assertEquals(400, get("?service=another-service", DAVE.basicAuthorization()).statusCode());
        HttpResponse<String> malformed = get("?scope=repository-without-name", DAVE.basicAuthorization());
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("is not TYPE:NAME:ACTIONS"), malformed.body());
    }

    @Test
    void oauthPasswordGrantGivesARefreshTokenThatLaterGrantsMore() throws Exception {
        HttpResponse<String> wrong = post(Map.of("grant_type", "password", "username", "dave",
                "password", "nope", "service", "the-service"));
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> login = post(Map.of("grant_type", "password", "username", "dave",
                "password", DAVE.password(), "service", "the-service", "access_type", "offline",
                "client_id", "orca", "scope", "repository:a:pull repository:b:push"));
        assertEquals(200, login.statusCode(), login.body());
        Map<String, Object> body = Json.parseObject(login.body());
        assertEquals("repository:a:pull repository:b:push", body.get("scope"));
        String refreshToken = Json.string(body, "refresh_token");

        HttpResponse<String> refreshed = post(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "service", "the-service", "client_id", "orca", "scope", "repository:c:pull"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String token = Json.string(Json.parseObject(refreshed.body()), "access_token");
        assertEquals(List.of(Map.of("type", "repository", "name", "c", "actions", List.of("pull"))),
                decode(token.split("\\.")[1]).get("access"));

        assertEquals(401, post(Map.of("grant_type", "refresh_token", "refresh_token", "made-up")).statusCode());
        assertEquals(400, post(Map.of("grant_type", "client_credentials")).statusCode());
        assertEquals(200, post(Map.of("grant_type", "refresh_token", "refresh_token", server.issueRefreshToken()))
                .statusCode());
    }

    private static HttpResponse<String> get(String query, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.realm() + query));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = String.join("&", form.entrySet().stream().map(entry -> entry.getKey() + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).toList());
        HttpRequest request = HttpRequest.newBuilder(server.realm())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> decode(String part) {
        return Json.parseObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
}
