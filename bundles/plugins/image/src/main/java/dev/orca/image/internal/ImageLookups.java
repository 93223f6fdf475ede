package dev.orca.image.internal;

import dev.orca.spi.Image;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the store answered to ImageStatus and ListImages, kept while nothing it depends on has changed: the catalog
 * (its generation) and registries.conf (the instance in force). The kubelet asks for the same names again and again;
 * parsing and qualifying a name, scanning the catalog for it and matching the pinned-image globs each time was most
 * of an ImageStatus call. A pull, a removal or a new registries.conf starts afresh.
 */
final class ImageLookups {

    /** Names remembered at most; past this, the remembered answers are dropped and built again as asked. */
    static final int MAX_NAMES = 1024;

    private final Map<String, Optional<Image>> found = new HashMap<>();
    private List<Image> listed;
    private long generation = -1;
    private Object registries;

    /**
     * The image a reference names, as {@code resolve} answered it for this generation of the catalog and this
     * registries configuration.
     */
    Optional<Image> find(String reference, long generation, Object registries,
            Function<String, Optional<Image>> resolve) {
        synchronized (this) {
            Optional<Image> known = current(generation, registries) ? found.get(reference) : null;
            if (known != null) {
                return known;
            }
        }
        Optional<Image> image = resolve.apply(reference);
        synchronized (this) {
            if (current(generation, registries)) {
                if (found.size() >= MAX_NAMES) {
                    found.clear();
                }
                found.put(reference, image);
            }
        }
        return image;
    }

    /** Every stored image, as {@code list} answered it for this generation of the catalog. */
    List<Image> list(long generation, Object registries, Supplier<List<Image>> list) {
        synchronized (this) {
            if (current(generation, registries) && listed != null) {
                return listed;
            }
        }
        List<Image> images = list.get();
        synchronized (this) {
            if (current(generation, registries)) {
                listed = images;
            }
        }
        return images;
    }

    /**
     * Whether what is remembered belongs to this generation and configuration; when a newer one is asked about, what
     * is remembered is dropped and the newer one becomes current. An answer computed for an older generation is
     * never stored, so a lookup that raced a pull cannot leave the pre-pull answer behind.
     */
    private boolean current(long generation, Object registries) {
        if (generation == this.generation && registries == this.registries) {
            return true;
        }
        if (generation < this.generation) {
            return false;
        }
        this.generation = generation;
        this.registries = registries;
        found.clear();
        listed = null;
        return true;
    }
}
