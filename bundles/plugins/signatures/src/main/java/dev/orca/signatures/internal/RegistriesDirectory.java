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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * registries.d: where the signatures of an image are looked up, per docker scope, with {@code default-docker} for the
 * rest: simple signatures in a lookaside store ({@code lookaside}, or its older name {@code sigstore}), sigstore
 * signatures as registry attachments ({@code use-sigstore-attachments}). Staging locations are for writers and
 * ignored. Read afresh at each check: the files are small and a change must apply to the next pull.
 */
final class RegistriesDirectory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One scope's settings; null where the scope leaves it to a wider one. */
    private record Entry(URI lookaside, Boolean attachments) {
        static final Entry NONE = new Entry(null, null);
    }

    private final Entry defaultDocker;
    private final Map<String, Entry> scopes;

    private RegistriesDirectory(Entry defaultDocker, Map<String, Entry> scopes) {
        this.defaultDocker = defaultDocker;
        this.scopes = scopes;
    }

    /** Every {@code *.yaml} of the directory; a missing directory is an empty one. */
    static RegistriesDirectory read(Path dir) throws PolicyException {
        Entry defaultDocker = Entry.NONE;
        Path defaultFrom = null;
        Map<String, Entry> scopes = new HashMap<>();
        Map<String, Path> scopeFrom = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return new RegistriesDirectory(Entry.NONE, Map.of());
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
                defaultDocker = entry(root.get("default-docker"), file);
            }
            Iterator<Map.Entry<String, JsonNode>> docker = root.path("docker").fields();
            while (docker.hasNext()) {
                Map.Entry<String, JsonNode> scope = docker.next();
                if (scopeFrom.containsKey(scope.getKey())) {
                    throw new PolicyException(file, 0, "scope " + scope.getKey() + " is also configured in "
                            + scopeFrom.get(scope.getKey()));
                }
                scopeFrom.put(scope.getKey(), file);
                scopes.put(scope.getKey(), entry(scope.getValue(), file));
            }
        }
        return new RegistriesDirectory(defaultDocker, scopes);
    }

    private static Entry entry(JsonNode entry, Path file) throws PolicyException {
        JsonNode attachments = entry.get("use-sigstore-attachments");
        if (attachments != null && !attachments.isNull() && !attachments.isBoolean()) {
            throw new PolicyException(file, 0, "use-sigstore-attachments must be true or false, not "
                    + attachments);
        }
        return new Entry(lookaside(entry, file),
                attachments == null || attachments.isNull() ? null : attachments.booleanValue());
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

    /** The lookaside base for an image: the most specific docker scope that names one, else default-docker's. */
    Optional<URI> lookasideFor(DockerReference image) {
        return Optional.ofNullable(mostSpecific(image, Entry::lookaside));
    }

    /**
     * Whether an image's sigstore signatures are read from its registry ({@code sha256-<hex>.sig}): the most specific
     * docker scope that says, else default-docker, else not.
     */
    boolean useSigstoreAttachments(DockerReference image) {
        return Boolean.TRUE.equals(mostSpecific(image, Entry::attachments));
    }

    private <T> T mostSpecific(DockerReference image, Function<Entry, T> setting) {
        for (String scope : PolicyDocument.scopesOf(image)) {
            T value = scope.isEmpty() ? null : setting.apply(scopes.getOrDefault(scope, Entry.NONE));
            if (value != null) {
                return value;
            }
        }
        return setting.apply(defaultDocker);
    }

    /** Where signature {@code index} (1-based) of a manifest digest is: containers/image's layout. */
    static URI signatureUri(URI base, DockerReference image, String manifestDigest, int index) {
        String[] digest = manifestDigest.split(":", 2);
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/" + image.path() + "@" + digest[0] + "=" + digest[1] + "/signature-" + index);
    }
}
