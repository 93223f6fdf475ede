package dev.orca.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authorization server of a token-auth {@link TestRegistry}, on its own loopback port at {@code /token}.
 *
 * <p>{@code GET /token?service=…&scope=…} with the right basic credentials yields a token granting every requested
 * scope; without credentials, a token granting nothing (as Docker Hub does, so the registry then answers 401
 * insufficient_scope); with wrong credentials, 401. {@code offline_token=true} adds a refresh token.
 * {@code POST /token} takes the OAuth2 form: {@code grant_type=password} with {@code username}/{@code password}
 * ({@code access_type=offline} adds a refresh token), or {@code grant_type=refresh_token} with a refresh token this
 * server issued — what clients send as an "identity token".
 */
public final class TokenServer implements AutoCloseable {

    public static final String PATH = "/token";

    private final HttpServer server;
    private final Credentials credentials;
    private final TokenIssuer issuer;
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger issuedTokens = new AtomicInteger();

    private TokenServer(HttpServer server, Credentials credentials, TokenIssuer issuer) {
        this.server = server;
        this.credentials = credentials;
        this.issuer = issuer;
    }

    static TokenServer start(Credentials credentials, TokenIssuer issuer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TokenServer tokens = new TokenServer(server, credentials, issuer);
            server.createContext(PATH, tokens::handle);
            server.start();
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the token server on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Where the registry sends clients for a token: {@code http://127.0.0.1:PORT/token}. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The {@code service} (JWT audience) the registry expects. */
    public String service() {
        return issuer.service();
    }

    public String issuer() {
        return issuer.issuer();
    }

    /** How many access tokens this server has handed out, anonymous ones included. */
    public int issuedTokenCount() {
        return issuedTokens.get();
    }

    /** A refresh token for the registry's user, as a client would hold it as an "identity token". */
    public String issueRefreshToken() {
        String token = UUID.randomUUID().toString();
        refreshTokens.put(token, credentials.user());
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            TokenResponse response = respond(exchange);
            byte[] body = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (response.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"orca-testkit-token\"");
            }
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private TokenResponse respond(HttpExchange exchange) throws IOException {
        try {
            return switch (exchange.getRequestMethod()) {
                case "GET" -> tokenFor(exchange.getRequestHeaders().getFirst("Authorization"),
                        parameters(exchange.getRequestURI().getRawQuery()));
                case "POST" -> oauthTokenFor(parameters(
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                default -> TokenResponse.error(405, "UNSUPPORTED", exchange.getRequestMethod() + " is not supported");
            };
        } catch (IllegalArgumentException malformed) {
            // a malformed scope or form: the client should learn why, not see the connection drop
            return TokenResponse.error(400, "INVALID_REQUEST", malformed.getMessage());
        }
    }

    /** The classic Docker token flow: basic credentials (or none) and {@code scope} query parameters. */
    private TokenResponse tokenFor(String authorization, Map<String, List<String>> query) {
        TokenResponse wrongService = checkService(query);
        if (wrongService != null) {
            return wrongService;
        }
        String subject;
        if (authorization == null) {
            subject = "";
        } else if (matches(authorization)) {
            subject = credentials.user();
        } else {
            return TokenResponse.error(401, "UNAUTHORIZED", "wrong credentials for the registry's token server");
        }
        boolean offline = "true".equals(first(query, "offline_token"));
        return grant(subject, scopes(query), offline && !subject.isEmpty());
    }

    /** The OAuth2 form flow that containerd prefers: a password or a refresh token in a POSTed form. */
    private TokenResponse oauthTokenFor(Map<String, List<String>> form) {
        TokenResponse wrongService = checkService(form);
        if (wrongService != null) {
            return wrongService;
        }
        String grantType = String.valueOf(first(form, "grant_type"));
        return switch (grantType) {
            case "password" -> passwordGrant(form);
            case "refresh_token" -> refreshTokenGrant(form);
            default -> TokenResponse.error(400, "UNSUPPORTED", "grant_type \"" + grantType
                    + "\" is not supported; use password or refresh_token");
        };
    }

    private TokenResponse passwordGrant(Map<String, List<String>> form) {
        boolean valid = credentials.user().equals(first(form, "username"))
                && constantTimeEquals(credentials.password(), first(form, "password"));
        if (!valid) {
            return TokenResponse.error(401, "UNAUTHORIZED", "wrong user name or password");
        }
        return grant(credentials.user(), scopes(form), "offline".equals(first(form, "access_type")));
    }

    private TokenResponse refreshTokenGrant(Map<String, List<String>> form) {
        String refreshToken = String.valueOf(first(form, "refresh_token"));
        String user = refreshTokens.get(refreshToken);
        if (user == null) {
            return TokenResponse.error(401, "UNAUTHORIZED", "unknown refresh token");
        }
        return grant(user, scopes(form), false).withRefreshToken(refreshToken);
    }

    private TokenResponse grant(String subject, List<Scope> requested, boolean withRefreshToken) {
        List<Scope> granted = subject.isEmpty() ? List.of() : requested;
        Instant now = Instant.now();
        String token = issuer.issue(subject, granted, now);
        issuedTokens.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", TokenIssuer.LIFETIME.toSeconds());
        body.put("issued_at", now.toString());
        body.put("scope", String.join(" ", granted.stream().map(Scope::toString).toList()));
        TokenResponse response = new TokenResponse(200, body);
        return withRefreshToken ? response.withRefreshToken(issueRefreshToken()) : response;
    }

    private TokenResponse checkService(Map<String, List<String>> parameters) {
        String service = first(parameters, "service");
        if (service != null && !service.equals(issuer.service())) {
            return TokenResponse.error(400, "INVALID_SERVICE",
                    "service \"" + service + "\" is not \"" + issuer.service() + "\"");
        }
        return null;
    }

    private boolean matches(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon > 0 && pair.substring(0, colon).equals(credentials.user())
                    && constantTimeEquals(credentials.password(), pair.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** Scopes may come as repeated parameters, or space-separated in one (the OAuth2 form). */
    private static List<Scope> scopes(Map<String, List<String>> parameters) {
        List<Scope> scopes = new ArrayList<>();
        for (String value : parameters.getOrDefault("scope", List.of())) {
            Arrays.stream(value.split(" ")).filter(s -> !s.isBlank()).map(Scope::parse).forEach(scopes::add);
        }
        return scopes;
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> parameters(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private record TokenResponse(int status, Map<String, Object> body) {

        static TokenResponse error(int status, String code, String message) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            return new TokenResponse(status, Map.of("errors", List.of(error)));
        }

        TokenResponse withRefreshToken(String refreshToken) {
            Map<String, Object> extended = new LinkedHashMap<>(body);
            extended.put("refresh_token", refreshToken);
            return new TokenResponse(status, extended);
        }
    }
}
