package dev.orca.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OCI image layout on disk (index.json plus blobs/sha256), read to describe what was built and, for image
 * indexes, which no tool here writes, extended by hand.
 */
final class OciLayout {

    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Path directory;

    OciLayout(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The skopeo/containers-image name of a tagged image here: {@code oci:DIR:TAG}. */
    String source(String tag) {
        return "oci:" + directory + ":" + tag;
    }

    /** The descriptor index.json holds for {@code tag}. */
    Map<String, Object> descriptor(String tag) {
        Map<String, Object> found = null;
        for (Object entry : manifests(index())) {
            Map<String, Object> descriptor = Json.object(entry, "index.json entry");
            Object annotations = descriptor.get("annotations");
            if (annotations instanceof Map<?, ?> map && tag.equals(map.get(REF_NAME))) {
                found = descriptor;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("OCI layout " + directory + " has no tag \"" + tag + "\"");
        }
        return found;
    }

    byte[] blob(String digest) {
        try {
            return Files.readAllBytes(blobPath(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("OCI layout " + directory + " cannot read blob " + digest + ": "
                    + e.getMessage(), e);
        }
    }

    Map<String, Object> jsonBlob(String digest) {
        return Json.parseObject(new String(blob(digest), StandardCharsets.UTF_8));
    }

    /** Stores {@code content} as a blob and returns its descriptor. */
    Map<String, Object> writeBlob(String mediaType, byte[] content) {
        String digest = sha256(content);
        try {
            Path path = blobPath(digest);
            if (!Files.exists(path)) {
                writeAtomically(path, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("OCI layout " + directory + " cannot write blob " + digest + ": "
                    + e.getMessage(), e);
        }
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", (long) content.length);
        return descriptor;
    }

    /** Points {@code tag} at {@code descriptor} in index.json, replacing what the tag named before. */
    void tag(String tag, Map<String, Object> descriptor) {
        Map<String, Object> index = index();
        List<Object> manifests = new ArrayList<>();
        for (Object entry : manifests(index)) {
            Object annotations = Json.object(entry, "index.json entry").get("annotations");
            if (!(annotations instanceof Map<?, ?> map && tag.equals(map.get(REF_NAME)))) {
                manifests.add(entry);
            }
        }
        Map<String, Object> tagged = new LinkedHashMap<>(descriptor);
        tagged.put("annotations", Map.of(REF_NAME, tag));
        manifests.add(tagged);
        index.put("manifests", manifests);
        try {
            writeAtomically(directory.resolve("index.json"), Json.write(index).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("OCI layout " + directory + " cannot write index.json: " + e.getMessage(),
                    e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private Map<String, Object> index() {
        try {
            return Json.parseObject(Files.readString(directory.resolve("index.json")));
        } catch (IOException e) {
            throw new UncheckedIOException("OCI layout " + directory + " has no readable index.json: "
                    + e.getMessage(), e);
        }
    }

    private static List<Object> manifests(Map<String, Object> index) {
        return Json.array(index.getOrDefault("manifests", List.of()), "index.json manifests");
    }

    private Path blobPath(String digest) {
        if (!SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("\"" + digest + "\" is not a sha256 digest");
        }
        return directory.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** Readers (skopeo pushing from this layout) see the old file or the new one, never half of one. */
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), ".orca-testkit-", ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
