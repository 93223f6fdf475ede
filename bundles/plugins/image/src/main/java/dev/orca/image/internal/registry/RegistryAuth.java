package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import dev.orca.spi.RegistryCredentials;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication to one registry during one pull: basic credentials, or bearer tokens fetched from the realm a
 * challenge names (anonymously, with credentials, or with an identity token), or a registry token given as is.
 */
final class RegistryAuth {

    private final String registry;
    private final RegistryCredentials credentials;
    private final RegistryHttp http;
    private final Map<String, String> tokensByScope = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    RegistryAuth(String registry, RegistryCredentials credentials, RegistryHttp http) {
        this.registry = registry;
        this.credentials = credentials == null ? RegistryCredentials.ANONYMOUS : credentials;
        this.http = http;
    }

    /** Adds what the registry asked for last time, or a given registry token. */
    void authorize(HttpRequest.Builder request, String scope) {
        if (!credentials.registryToken().isEmpty()) {
            request.header("Authorization", "Bearer " + credentials.registryToken());
            return;
        }
        Challenge known = challenge;
        if (known == null) {
            return;
        }
        if (known.scheme().equals("basic")) {
            basic().ifPresent(b -> request.header("Authorization", "Basic " + b));
        } else if (tokensByScope.containsKey(scope)) {
            request.header("Authorization", "Bearer " + tokensByScope.get(scope));
        }
    }

    /**
     * Learns from a 401: fetches a token for the scope when the registry wants bearer auth.
     *
     * @return whether the request is worth repeating
     */
    boolean answer(HttpResponse<?> unauthorized, String scope, boolean insecure) throws ImageException {
        Optional<Challenge> parsed = Challenge.parse(unauthorized.headers().firstValue("WWW-Authenticate").orElse(null));
        if (parsed.isEmpty() || !credentials.registryToken().isEmpty()) {
            return false;
        }
        Challenge previous = challenge;
        challenge = parsed.get();
        if (challenge.scheme().equals("basic")) {
            return basic().isPresent() && (previous == null || !previous.scheme().equals("basic"));
        }
        if (!challenge.scheme().equals("bearer") || challenge.realm().isEmpty()) {
            throw new ImageException(ImageException.Kind.UNAUTHORIZED, "registry " + registry
                    + " asks for unsupported authentication '" + challenge.scheme() + "'");
        }
        if (tokensByScope.containsKey(scope)) {
            return false;
        }
        tokensByScope.put(scope, fetchToken(scope, insecure));
        return true;
    }

    private String fetchToken(String scope, boolean insecure) throws ImageException {
        String query = "service=" + encode(challenge.service()) + "&scope=" + encode(scope);
        HttpRequest.Builder request;
        if (!credentials.identityToken().isEmpty()) {
            String form = "grant_type=refresh_token&client_id=orca&" + query + "&refresh_token="
                    + encode(credentials.identityToken());
            request = HttpRequest.newBuilder(RegistryUris.tokenService(challenge.realm(), "", registry))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            Optional<String> basic = basic();
            String account = username().map(u -> "&account=" + encode(u)).orElse("");
            request = HttpRequest.newBuilder(RegistryUris.tokenService(challenge.realm(), query + account, registry))
                    .GET();
            basic.ifPresent(b -> request.header("Authorization", "Basic " + b));
        }
        HttpResponse<byte[]> response = http.sendSmall(request.timeout(http.timeout()).build(), insecure, registry,
                "the token service " + challenge.realm() + " of registry " + registry);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ImageException(ImageException.Kind.UNAUTHORIZED, "the token service " + challenge.realm()
                    + " of registry " + registry + " refused " + (username().map(u -> "the credentials of '" + u + "'")
                    .orElse("anonymous access")) + " (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            throw new ImageException(ImageException.Kind.UNREACHABLE, "the token service " + challenge.realm()
                    + " of registry " + registry + " answered HTTP " + response.statusCode());
        }
        try {
            var json = dev.orca.image.internal.manifest.ManifestDocument.JSON.readTree(response.body());
            String token = json.path("token").asText(json.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new ImageException(ImageException.Kind.UNAUTHORIZED, "the token service " + challenge.realm()
                        + " of registry " + registry + " answered without a token");
            }
            return token;
        } catch (java.io.IOException e) {
            throw new ImageException(ImageException.Kind.UNAUTHORIZED, "the token service " + challenge.realm()
                    + " of registry " + registry + " answered with invalid JSON");
        }
    }

    boolean hasCredentials() {
        return basic().isPresent() || !credentials.identityToken().isEmpty() || !credentials.registryToken().isEmpty();
    }

    private Optional<String> basic() {
        if (!credentials.username().isEmpty()) {
            return Optional.of(Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return credentials.auth().isEmpty() ? Optional.empty() : Optional.of(credentials.auth().strip());
    }

    Optional<String> username() {
        if (!credentials.username().isEmpty()) {
            return Optional.of(credentials.username());
        }
        if (credentials.auth().isEmpty()) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials.auth().strip()), StandardCharsets.UTF_8);
            return Optional.of(decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
