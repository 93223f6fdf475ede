package dev.orca.image.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orca.image.internal.config.PullSource;
import dev.orca.image.internal.manifest.ManifestDocument;
import dev.orca.image.internal.manifest.MediaTypes;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.RegistryCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * The OCI distribution API v2, as far as pulling needs it: manifests by tag or digest, and blobs, each verified
 * against its digest, with authentication, redirects and a no-progress timeout.
 */
public final class RegistryClient implements AutoCloseable {

    /** Manifests and configs larger than this are refused. */
    static final long MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;

    private final RegistryHttp http;
    private final StallWatch stalls;

    public RegistryClient(Duration noProgressTimeout) {
        this.http = new RegistryHttp(noProgressTimeout);
        this.stalls = new StallWatch(noProgressTimeout);
    }

    /** A conversation with one registry for one pull: its address and the authentication learnt so far. */
    public final class Session {
        private final PullSource source;
        private final RegistryAuth auth;

        private Session(PullSource source, RegistryCredentials credentials) {
            this.source = source;
            this.auth = new RegistryAuth(source.reference().registry(), credentials, http);
        }

        public ImageReference reference() {
            return source.reference();
        }

        String registry() {
            return source.reference().registry();
        }

        String scope() {
            return "repository:" + source.reference().repository() + ":pull";
        }
    }

    public Session open(PullSource source, RegistryCredentials credentials) {
        return new Session(source, credentials);
    }

    /** A manifest as fetched: its bytes, the content type the registry gave, and its verified digest. */
    public record FetchedManifest(byte[] bytes, String contentType, String digest) {
    }

    /**
     * Fetches a manifest by tag or digest; when asked by digest, the bytes must hash to it.
     */
    public FetchedManifest manifest(Session session, String tagOrDigest) throws ImageException {
        String path = "/v2/" + session.reference().repository() + "/manifests/" + tagOrDigest;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String algorithm = tagOrDigest.startsWith("sha512:") ? "sha512" : "sha256";
        Transfer transfer = new Transfer(TransferSink.of(Channels.newChannel(bytes)), algorithm, MAX_MANIFEST_BYTES,
                "manifest " + tagOrDigest);
        HttpResponse<?> response = get(session, path, String.join(", ", MediaTypes.ACCEPTED_MANIFESTS), transfer,
                "manifest " + tagOrDigest);
        String digest = transfer.digest();
        if (tagOrDigest.contains(":") && !tagOrDigest.equals(digest)) {
            throw new ImageException(Kind.CORRUPT, "manifest from registry " + session.registry()
                    + " does not match its digest: asked for " + tagOrDigest + ", got " + digest);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        return new FetchedManifest(bytes.toByteArray(), contentType, digest);
    }

    /** Fetches a small blob (an image config) into memory, verified against its digest and size. */
    public byte[] smallBlob(Session session, String digest, long size) throws ImageException {
        if (size > MAX_MANIFEST_BYTES) {
            throw new ImageException(Kind.CORRUPT, "config " + digest + " is " + size + " bytes, more than the "
                    + MAX_MANIFEST_BYTES + " allowed");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transfer transfer = new Transfer(TransferSink.of(Channels.newChannel(bytes)), algorithmOf(digest), size, "blob " + digest);
        get(session, "/v2/" + session.reference().repository() + "/blobs/" + digest, "*/*", transfer, "blob " + digest);
        verify(session, digest, size, transfer);
        return bytes.toByteArray();
    }

    /** Fetches a blob of unknown size (a signature) into memory, up to the manifest limit, verified by digest. */
    public byte[] boundedBlob(Session session, String digest) throws ImageException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Transfer transfer = new Transfer(TransferSink.of(Channels.newChannel(bytes)), algorithmOf(digest), MAX_MANIFEST_BYTES,
                "blob " + digest);
        get(session, "/v2/" + session.reference().repository() + "/blobs/" + digest, "*/*", transfer, "blob " + digest);
        verify(session, digest, transfer.bytes(), transfer);
        return bytes.toByteArray();
    }

    /** Downloads a blob into a file, verified against its digest and size; the file is left as it is on failure. */
    public void blob(Session session, String digest, long size, Path target) throws ImageException {
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Transfer transfer = new Transfer(TransferSink.of(file), algorithmOf(digest), size, "layer " + digest);
            get(session, "/v2/" + session.reference().repository() + "/blobs/" + digest, "*/*", transfer,
                    "blob " + digest);
            verify(session, digest, size, transfer);
        } catch (IOException e) {
            throw new ImageException(Kind.FAILED, "cannot write layer " + digest + " to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Downloads a blob into a stream that another thread reads as the bytes arrive: the stream ends once the blob's
     * size and digest are checked, and fails with this call's failure otherwise.
     */
    public void blob(Session session, String digest, long size, BlobStream stream) throws ImageException {
        try {
            Transfer transfer = new Transfer(stream, algorithmOf(digest), size, "layer " + digest);
            get(session, "/v2/" + session.reference().repository() + "/blobs/" + digest, "*/*", transfer,
                    "blob " + digest);
            verify(session, digest, size, transfer);
            stream.end();
        } catch (ImageException | RuntimeException e) {
            stream.fail(e);
            throw e;
        }
    }

    private static void verify(Session session, String digest, long size, Transfer transfer) throws ImageException {
        if (transfer.bytes() != size) {
            throw new ImageException(Kind.CORRUPT, "blob " + digest + " from registry " + session.registry()
                    + " is truncated: " + transfer.bytes() + " of " + size + " bytes");
        }
        if (!transfer.digest().equals(digest)) {
            throw new ImageException(Kind.CORRUPT, "blob " + digest + " from registry " + session.registry()
                    + " does not match its digest (got " + transfer.digest() + ")");
        }
    }

    private static String algorithmOf(String digest) {
        return digest.startsWith("sha512:") ? "sha512" : "sha256";
    }

    /** GET with authentication and redirects; the body goes into the transfer when the answer is 200. */
    private HttpResponse<?> get(Session session, String path, String accept, Transfer transfer, String what)
            throws ImageException {
        URI uri = http.base(session.registry(), session.source.insecure()).resolve(path);
        boolean retried = false;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean sameRegistry = uri.getAuthority().equals(session.registry());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(http.timeout()).header("Accept", accept)
                    .GET();
            if (sameRegistry) {
                session.auth.authorize(request, session.scope());
            }
            HttpResponse<Object> response = send(session, request.build(), transfer);
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            if (status == 401 && sameRegistry && !retried
                    && session.auth.answer(response, session.scope(), session.source.insecure())) {
                retried = true;
                hop--;
                continue;
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                uri = RegistryUris.redirect(uri, response.headers().firstValue("Location").get(), session.registry(),
                        what);
                continue;
            }
            throw errorFor(session, status, (byte[]) response.body(), what);
        }
        throw new ImageException(Kind.UNREACHABLE, "registry " + session.registry() + " redirected " + what
                + " more than " + MAX_REDIRECTS + " times");
    }

    @SuppressWarnings("unchecked")
    private HttpResponse<Object> send(Session session, HttpRequest request, Transfer transfer) throws ImageException {
        HttpResponse.BodyHandler<Object> handler = info -> {
            if (info.statusCode() != 200) {
                return (HttpResponse.BodySubscriber<Object>) (HttpResponse.BodySubscriber<?>)
                        HttpResponse.BodySubscribers.ofByteArray();
            }
            transfer.promised(info);
            return (HttpResponse.BodySubscriber<Object>) (HttpResponse.BodySubscriber<?>) transfer;
        };
        stalls.watch(transfer, session.registry());
        try {
            return http.client(session.source.insecure()).sendAsync(request, handler).get();
        } catch (ExecutionException e) {
            throw stalls.failure(transfer, () -> transfer.cutByRegistry() && e.getCause() instanceof IOException
                    && !(e.getCause() instanceof java.net.http.HttpTimeoutException)
                    ? new ImageException(Kind.UNREACHABLE, "registry " + session.registry() + " closed the connection"
                            + " in the middle of " + transfer.what() + " (" + transfer.progress() + ")", e.getCause())
                    : http.failure(session.registry(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transfer.abort(e);
            throw new ImageException(Kind.FAILED, "interrupted while fetching from registry " + session.registry());
        }
    }

    private ImageException errorFor(Session session, int status, byte[] body, String what) {
        String registry = session.registry();
        String code = "";
        String message = "";
        try {
            JsonNode error = ManifestDocument.JSON.readTree(body).path("errors").path(0);
            code = error.path("code").asText("");
            message = error.path("message").asText("");
        } catch (IOException | RuntimeException notJson) {
            // not a registry error document; the status says enough
        }
        String repository = session.reference().repository();
        return switch (status) {
            case 401 -> new ImageException(Kind.UNAUTHORIZED, session.auth.hasCredentials()
                    ? "registry " + registry + " refused the credentials" + session.auth.username()
                            .map(u -> " of '" + u + "'").orElse("") + " for " + repository
                    : "registry " + registry + " requires credentials for " + repository);
            case 403 -> new ImageException(Kind.UNAUTHORIZED, "registry " + registry + " denied access to "
                    + repository);
            case 404 -> new ImageException(Kind.NOT_FOUND, switch (code) {
                case "NAME_UNKNOWN" -> "repository " + repository + " unknown at registry " + registry;
                case "MANIFEST_UNKNOWN" -> "manifest unknown at registry " + registry;
                case "BLOB_UNKNOWN" -> what + " unknown at registry " + registry;
                default -> what + " not found at registry " + registry;
            });
            default -> new ImageException(status >= 500 || status == 429 ? Kind.UNREACHABLE : Kind.FAILED,
                    "registry " + registry + " answered HTTP " + status + " for " + what
                            + (message.isEmpty() ? "" : ": " + message));
        };
    }

    @Override
    public void close() {
        stalls.close();
    }
}
