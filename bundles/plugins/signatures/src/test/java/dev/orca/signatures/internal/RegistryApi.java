package dev.orca.signatures.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.testkit.TestRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The distribution API's push side on a plain test registry: what a test needs to attach what no tool would. */
final class RegistryApi {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private RegistryApi() {
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A monolithic upload: POST for a session, PUT with the digest. */
    static String pushBlob(TestRegistry registry, String repository, byte[] bytes) throws Exception {
        String digest = sha256(bytes);
        HttpResponse<String> started = registry.httpClient().send(HttpRequest
                .newBuilder(registry.url().resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, started.statusCode(), "POST upload: " + started.body());
        URI upload = registry.url().resolve(started.headers().firstValue("Location").orElseThrow());
        URI complete = URI.create(upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> put = registry.httpClient().send(HttpRequest.newBuilder(complete)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), "PUT blob: " + put.body());
        return digest;
    }

    static void putManifest(TestRegistry registry, String repository, String tag, byte[] manifest) throws Exception {
        HttpResponse<String> response = registry.httpClient().send(HttpRequest
                .newBuilder(registry.url().resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), "PUT manifest: " + response.body());
    }
}
