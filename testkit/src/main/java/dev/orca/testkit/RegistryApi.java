package dev.orca.testkit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The distribution API's push side on a plain test registry: what a test needs to attach what no tool would. */
public final class RegistryApi {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private RegistryApi() {
    }

    public static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A monolithic upload: POST for a session, PUT with the digest. */
    public static String pushBlob(TestRegistry registry, String repository, byte[] bytes) throws Exception {
        String digest = sha256(bytes);
        HttpResponse<String> started = registry.httpClient().send(HttpRequest
                .newBuilder(registry.url().resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(202, started, "POST blob upload to " + repository);
        URI upload = registry.url().resolve(started.headers().firstValue("Location").orElseThrow());
        URI complete = URI.create(upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> put = registry.httpClient().send(HttpRequest.newBuilder(complete)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), HttpResponse.BodyHandlers.ofString());
        expect(201, put, "PUT blob " + digest + " to " + repository);
        return digest;
    }

    public static void putManifest(TestRegistry registry, String repository, String tag, byte[] manifest) throws Exception {
        HttpResponse<String> response = registry.httpClient().send(HttpRequest
                .newBuilder(registry.url().resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(201, response, "PUT manifest " + repository + ":" + tag);
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
