package dev.orca.signatures.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the signatures of one manifest from a lookaside store: signature-1, -2, … until the first missing one. Every
 * read is bounded in size and (over HTTP) in time, so a broken or hostile store refuses the pull instead of holding
 * it.
 */
final class LookasideStore {

    /** More than this is not a signature store but an attack on the pull (containers/image gives up too). */
    static final int MAX_SIGNATURES = 64;
    static final int MAX_SIGNATURE_BYTES = 4 * 1024 * 1024;

    private HttpClient http;
    private final Duration timeout;

    LookasideStore(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The client, built on the first signature read: most nodes never read one, and the JVM's first HTTP client (its
     * TLS set-up, the trust store) would cost every start of the node a quarter of a second. HTTP/1.1: signature
     * servers are static file servers; asking each to upgrade to h2c costs a round trip.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    /** @throws IOException when the store cannot be read (other than "no more signatures"): fail closed */
    List<byte[]> signatures(URI base, DockerReference image, String manifestDigest) throws IOException {
        List<byte[]> found = new ArrayList<>();
        for (int index = 1; ; index++) {
            URI uri = RegistriesDirectory.signatureUri(base, image, manifestDigest, index);
            Optional<byte[]> one = read(uri);
            if (one.isEmpty()) {
                return found;
            }
            if (index > MAX_SIGNATURES) {
                throw new IOException(uri + " exists: a store with more than " + MAX_SIGNATURES
                        + " signatures for one image is taken as broken or hostile");
            }
            found.add(one.get());
        }
    }

    private Optional<byte[]> read(URI uri) throws IOException {
        if (uri.getScheme().equals("file")) {
            try (InputStream in = Files.newInputStream(Path.of(uri))) {
                return Optional.of(bounded(in, uri));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> sent = http().sendAsync(request, info -> {
            body.set(new BoundedBody(uri, info.statusCode() == 200));
            return body.get();
        });
        HttpResponse<byte[]> response;
        try {
            // The whole exchange, body included: the request's own timeout ends with the headers.
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort(sent, body.get());
            throw new IOException(uri + ": did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            abort(sent, body.get());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(uri + " ")) {
                throw io;
            }
            String why = cause instanceof ConnectException ? "cannot connect"
                    : cause instanceof HttpTimeoutException ? "did not answer within " + timeout.toSeconds() + " s"
                    : cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            throw new IOException(uri + ": " + why, cause);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return Optional.of(response.body());
    }

    private static void abort(CompletableFuture<?> sent, BoundedBody body) {
        sent.cancel(true);
        if (body != null) {
            body.abort();
        }
    }

    /** At most MAX_SIGNATURE_BYTES, however much the store would send (a device, an endless HTTP body). */
    private static byte[] bounded(InputStream in, URI uri) throws IOException {
        byte[] bytes = in.readNBytes(MAX_SIGNATURE_BYTES + 1);
        if (bytes.length > MAX_SIGNATURE_BYTES) {
            throw tooLarge(uri);
        }
        return bytes;
    }

    private static IOException tooLarge(URI uri) {
        return new IOException(uri + " is larger than a signature can be (over " + MAX_SIGNATURE_BYTES + " bytes)");
    }

    /**
     * A 200's body, kept up to MAX_SIGNATURE_BYTES: more ends the exchange. Any other answer's body is not read at
     * all (its status is the answer), however long it would be.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final URI uri;
        private final boolean keep;
        private volatile Flow.Subscription subscription;

        BoundedBody(URI uri, boolean keep) {
            this.uri = uri;
            this.keep = keep;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (!keep) {
                result.complete(new byte[0]);
            }
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (result.isDone()) {
                    return;
                }
                if (bytes.size() + item.remaining() > MAX_SIGNATURE_BYTES) {
                    result.completeExceptionally(tooLarge(uri));
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        void abort() {
            result.completeExceptionally(new IOException(uri + ": given up"));
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
