package dev.orca.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare registry client over java.net.http for the tests: what a puller sends, with the credentials we choose. */
final class RegistryHttp {

    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final TestRegistry registry;

    RegistryHttp(TestRegistry registry) {
        this.registry = registry;
    }

    /** GET {@code path} on the registry; {@code authorization} may be null. */
    HttpResponse<byte[]> get(String path, String authorization) throws IOException, InterruptedException {
        return send(registry.url().resolve(path), authorization, MANIFEST_TYPES);
    }

    HttpResponse<byte[]> manifest(String repository, String tagOrDigest, String authorization)
            throws IOException, InterruptedException {
        return get("/v2/" + repository + "/manifests/" + tagOrDigest, authorization);
    }

    HttpResponse<byte[]> blob(String repository, String digest, String authorization)
            throws IOException, InterruptedException {
        return get("/v2/" + repository + "/blobs/" + digest, authorization);
    }

    /** Answers a Bearer challenge: asks its realm for a token with {@code authorization} (may be null). */
    HttpResponse<byte[]> requestToken(HttpResponse<?> challenged, String authorization)
            throws IOException, InterruptedException {
        Map<String, String> challenge = bearerChallenge(challenged);
        StringBuilder url = new StringBuilder(challenge.get("realm")).append("?service=")
                .append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8));
        if (challenge.containsKey("scope")) {
            url.append("&scope=").append(URLEncoder.encode(challenge.get("scope"), StandardCharsets.UTF_8));
        }
        return send(URI.create(url.toString()), authorization, "application/json");
    }

    /** The parameters of the {@code WWW-Authenticate: Bearer …} header. */
    static Map<String, String> bearerChallenge(HttpResponse<?> challenged) {
        String header = challenged.headers().firstValue("WWW-Authenticate")
                .orElseThrow(() -> new AssertionError("no WWW-Authenticate header on " + challenged));
        if (!header.startsWith("Bearer ")) {
            throw new AssertionError("not a Bearer challenge: " + header);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAMETER.matcher(header);
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        return parameters;
    }

    static String token(HttpResponse<byte[]> tokenResponse) {
        return Json.string(Json.parseObject(new String(tokenResponse.body(), StandardCharsets.UTF_8)), "token");
    }

    private HttpResponse<byte[]> send(URI uri, String authorization, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return registry.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
