package dev.orca.signatures.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the signatures of one manifest from a lookaside store: signature-1, -2, … until the first missing one. */
final class LookasideStore {

    /** More than this is not a signature store but an attack on the pull. */
    static final int MAX_SIGNATURES = 64;
    static final int MAX_SIGNATURE_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    LookasideStore(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** @throws IOException when the store cannot be read (other than "no more signatures"): fail closed */
    List<byte[]> signatures(URI base, DockerReference image, String manifestDigest) throws IOException {
        List<byte[]> found = new ArrayList<>();
        for (int index = 1; index <= MAX_SIGNATURES; index++) {
            Optional<byte[]> one = read(RegistriesDirectory.signatureUri(base, image, manifestDigest, index));
            if (one.isEmpty()) {
                break;
            }
            found.add(one.get());
        }
        return found;
    }

    private Optional<byte[]> read(URI uri) throws IOException {
        if (uri.getScheme().equals("file")) {
            try {
                Path file = Path.of(uri);
                if (Files.size(file) > MAX_SIGNATURE_BYTES) {
                    throw new IOException(uri + " is larger than a signature can be");
                }
                return Optional.of(Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_SIGNATURE_BYTES) {
                throw new IOException(uri + " is larger than a signature can be");
            }
            return Optional.of(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
    }
}
