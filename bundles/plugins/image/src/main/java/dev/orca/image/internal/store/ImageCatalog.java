package dev.orca.image.internal.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orca.image.internal.reference.ImageReference;
import dev.orca.os.FileTrees;
import dev.orca.spi.Image;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images stored, on disk under {@code root/<id hex>/} (the image record, its manifest and its config), and in
 * memory. Each file is replaced whole ({@link StateFiles}), the record last, so an image is listed only once everything it needs is stored.
 */
public final class ImageCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ImageCatalog.class);
    private static final String RECORD = "image.json";
    private static final String LAST_USED = "last-used";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path root;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, Instant> usedAt = new java.util.HashMap<>();
    private long generation;

    public ImageCatalog(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        load();
    }

    public Path root() {
        return root;
    }

    private void load() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path record = dir.resolve(RECORD);
                if (!Files.isRegularFile(record)) {
                    LOG.info("removing {}: an image that was never completely stored", dir);
                    FileTrees.delete(dir);
                    continue;
                }
                try {
                    Image image = JSON.readValue(record.toFile(), Image.class);
                    images.put(image.id(), image);
                    Path used = dir.resolve(LAST_USED);
                    if (Files.isRegularFile(used)) {
                        usedAt.put(image.id(), Instant.parse(Files.readString(used).strip()));
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    LOG.warn("last use of image {} is unreadable: {}", dir, e.getMessage());
                } catch (IOException e) {
                    LOG.warn("image record {} is unreadable and is skipped: {}", record, e.getMessage());
                }
            }
        }
    }

    /** Counts the changes to the stored images (a pull, a tag moved, a removal): equal counts, equal images. */
    public synchronized long generation() {
        return generation;
    }

    public synchronized List<Image> all() {
        return List.copyOf(images.values());
    }

    public synchronized Optional<Image> byId(String id) {
        return Optional.ofNullable(images.get(id));
    }

    /** The image an ID, unique ID prefix (6 or more hex digits), or one of the given references names. */
    public synchronized Optional<Image> find(String query, List<ImageReference> references) {
        String id = query.startsWith("sha256:") ? query : "sha256:" + query;
        if (images.containsKey(id)) {
            return Optional.of(images.get(id));
        }
        for (ImageReference reference : references) {
            for (Image image : images.values()) {
                boolean named = reference.hasDigest()
                        ? image.repoDigests().contains(reference.digestName(reference.digest()))
                        : image.repoTags().contains(reference.taggedName());
                if (named) {
                    return Optional.of(image);
                }
            }
        }
        if (id.matches("sha256:[a-f0-9]{6,63}")) {
            List<Image> matches = images.values().stream().filter(i -> i.id().startsWith(id)).toList();
            if (matches.size() == 1) {
                return Optional.of(matches.get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * Stores or updates an image: its tags and digests are added to those it has, and a tag moves here from any
     * other image that had it.
     */
    public synchronized Image commit(Image pulled, byte[] manifest, byte[] config) throws IOException {
        Image previous = images.get(pulled.id());
        Image merged = previous == null ? pulled : new Image(pulled.id(), union(previous.repoTags(), pulled.repoTags()),
                union(previous.repoDigests(), pulled.repoDigests()), pulled.sizeBytes(), pulled.chainIds(),
                pulled.config(), pulled.pulledAt());
        for (Image other : List.copyOf(images.values())) {
            if (!other.id().equals(merged.id()) && other.repoTags().stream().anyMatch(merged.repoTags()::contains)) {
                List<String> kept = other.repoTags().stream().filter(t -> !merged.repoTags().contains(t)).toList();
                write(new Image(other.id(), kept, other.repoDigests(), other.sizeBytes(), other.chainIds(),
                        other.config(), other.pulledAt()), null, null);
            }
        }
        write(merged, manifest, config);
        return merged;
    }

    /** Notes that a container was created from an image; false when it is not stored. */
    public synchronized boolean noteUse(String id, Instant when) throws IOException {
        if (!images.containsKey(id)) {
            return false;
        }
        // a hint for the image collector: a power cut may take it back to an earlier use without harm
        StateFiles.replaceUnflushed(dirOf(id).resolve(LAST_USED),
                when.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        usedAt.put(id, when);
        return true;
    }

    /** When an image was last pulled or a container created from it. */
    public synchronized Instant lastUsed(Image image) {
        Instant used = usedAt.get(image.id());
        return used != null && used.isAfter(image.pulledAt()) ? used : image.pulledAt();
    }

    /** Forgets an image and deletes its files; false when it was not stored. */
    public synchronized boolean remove(String id) throws IOException {
        if (images.remove(id) == null) {
            return false;
        }
        generation++;
        usedAt.remove(id);
        FileTrees.delete(dirOf(id));
        return true;
    }

    /** Every chain ID some stored image uses. */
    public synchronized Set<String> chainIdsInUse() {
        Set<String> used = new HashSet<>();
        images.values().forEach(i -> used.addAll(i.chainIds()));
        return used;
    }

    /** The manifest and config bytes an image was pulled with, for verbose status. */
    public Optional<byte[]> rawConfig(String id) {
        try {
            return Optional.of(Files.readAllBytes(dirOf(id).resolve("config.json")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes an image's files, the record last; a new image's directory goes again when one fails (a full disk). */
    private void write(Image image, byte[] manifest, byte[] config) throws IOException {
        Path dir = dirOf(image.id());
        boolean made = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        try {
            if (manifest != null) {
                replace(dir.resolve("manifest.json"), manifest);
            }
            if (config != null) {
                replace(dir.resolve("config.json"), config);
            }
            replace(dir.resolve(RECORD), JSON.writeValueAsBytes(image));
        } catch (IOException | RuntimeException e) {
            if (made) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        images.put(image.id(), image);
        generation++;
    }

    private Path dirOf(String id) {
        return root.resolve(id.substring(id.indexOf(':') + 1));
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        StateFiles.replace(target, bytes);
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }
}
