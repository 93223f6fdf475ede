package dev.orca.signatures.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * registries.d: where the simple-signing signatures of an image are looked up ({@code lookaside}, or its older name
 * {@code sigstore}), per docker scope, with {@code default-docker} for the rest. Staging locations are for writers
 * and ignored. Read afresh at each check: the files are small and a change must apply to the next pull.
 */
final class RegistriesDirectory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final URI defaultLookaside;
    private final Map<String, URI> scopes;

    private RegistriesDirectory(URI defaultLookaside, Map<String, URI> scopes) {
        this.defaultLookaside = defaultLookaside;
        this.scopes = scopes;
    }

    /** Every {@code *.yaml} of the directory; a missing directory is an empty one. */
    static RegistriesDirectory read(Path dir) throws PolicyException {
        URI defaultLookaside = null;
        Path defaultFrom = null;
        Map<String, URI> scopes = new HashMap<>();
        Map<String, Path> scopeFrom = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return new RegistriesDirectory(null, Map.of());
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyException(dir, 0, "cannot list: " + e.getMessage());
        }
        for (Path file : files) {
            JsonNode root;
            try {
                root = YAML.readTree(file.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new PolicyException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                        e.getOriginalMessage());
            } catch (IOException e) {
                throw new PolicyException(file, 0, "cannot read: " + e.getMessage());
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                continue;
            }
            if (root.has("default-docker")) {
                if (defaultFrom != null) {
                    throw new PolicyException(file, 0, "default-docker is also set in " + defaultFrom);
                }
                defaultFrom = file;
                defaultLookaside = lookaside(root.get("default-docker"), file);
            }
            Iterator<Map.Entry<String, JsonNode>> docker = root.path("docker").fields();
            while (docker.hasNext()) {
                Map.Entry<String, JsonNode> scope = docker.next();
                if (scopeFrom.containsKey(scope.getKey())) {
                    throw new PolicyException(file, 0, "scope " + scope.getKey() + " is also configured in "
                            + scopeFrom.get(scope.getKey()));
                }
                scopeFrom.put(scope.getKey(), file);
                URI uri = lookaside(scope.getValue(), file);
                if (uri != null) {
                    scopes.put(scope.getKey(), uri);
                }
            }
        }
        return new RegistriesDirectory(defaultLookaside, scopes);
    }

    private static URI lookaside(JsonNode entry, Path file) throws PolicyException {
        JsonNode value = entry.has("lookaside") ? entry.get("lookaside") : entry.get("sigstore");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            if (!List.of("file", "http", "https").contains(String.valueOf(uri.getScheme()))) {
                throw new PolicyException(file, 0, "lookaside " + uri + ": only file://, http:// and https://");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new PolicyException(file, 0, "lookaside \"" + value.asText() + "\": " + e.getMessage());
        }
    }

    /** The lookaside base for an image: the most specific docker scope, else default-docker. */
    Optional<URI> lookasideFor(DockerReference image) {
        for (String scope : PolicyDocument.scopesOf(image)) {
            if (!scope.isEmpty() && scopes.containsKey(scope)) {
                return Optional.of(scopes.get(scope));
            }
        }
        return Optional.ofNullable(defaultLookaside);
    }

    /** Where signature {@code index} (1-based) of a manifest digest is: containers/image's layout. */
    static URI signatureUri(URI base, DockerReference image, String manifestDigest, int index) {
        String[] digest = manifestDigest.split(":", 2);
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/" + image.path() + "@" + digest[0] + "=" + digest[1] + "/signature-" + index);
    }
}
