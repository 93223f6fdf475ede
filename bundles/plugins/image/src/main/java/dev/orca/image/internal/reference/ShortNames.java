package dev.orca.image.internal.reference;

import java.util.List;

/**
 * Turns what a user wrote into the fully qualified references to try, in order: a qualified reference is itself;
 * a short name is tried at each unqualified-search registry, or at Docker Hub when none is configured.
 */
public final class ShortNames {

    private ShortNames() {
    }

    /**
     * @throws IllegalArgumentException when the reference is invalid
     */
    public static List<ImageReference> candidates(String reference, List<String> searchRegistries) {
        ImageReference.Parts parts = ImageReference.split(reference);
        if (!parts.isShortName()) {
            return List.of(ImageReference.qualify(parts.domain(), parts.path(), parts.tag(), parts.digest()));
        }
        List<String> registries = searchRegistries.isEmpty() ? List.of(ImageReference.DOCKER_HUB) : searchRegistries;
        return registries.stream()
                .map(registry -> ImageReference.qualify(registry, parts.path(), parts.tag(), parts.digest()))
                .toList();
    }
}
