package dev.orca.image.internal.gc;

import dev.orca.spi.Image;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The images the configuration pins ({@code pinned.images}): each entry is an exact name or a glob where {@code *}
 * stands for any characters ({@code registry:5000/infra/*}, {@code *pause*}). An entry is matched against an image's
 * fully qualified tags ({@code docker.io/library/busybox:1.36}), its digest references and its ID.
 */
public final class PinnedImages {

    private final List<Pattern> patterns;

    /** @param entries names or globs; an entry may hold several, separated by commas (as a .cfg line gives them) */
    public PinnedImages(String... entries) {
        this.patterns = java.util.Arrays.stream(entries).flatMap(e -> java.util.Arrays.stream(e.split(",")))
                .map(String::strip).filter(e -> !e.isEmpty()).map(PinnedImages::glob).toList();
    }

    private static Pattern glob(String entry) {
        return Pattern.compile(java.util.Arrays.stream(entry.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }

    public boolean pins(Image image) {
        return patterns.stream().anyMatch(p -> p.matcher(image.id()).matches()
                || image.repoTags().stream().anyMatch(t -> p.matcher(t).matches())
                || image.repoDigests().stream().anyMatch(d -> p.matcher(d).matches()));
    }

    /** The image as the configuration marks it. */
    public Image mark(Image image) {
        return image.withPinned(pins(image));
    }
}
