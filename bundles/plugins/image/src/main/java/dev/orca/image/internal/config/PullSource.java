package dev.orca.image.internal.config;

import dev.orca.image.internal.reference.ImageReference;

/**
 * One place to try a pull from: the reference rewritten for that registry, and whether it may be insecure.
 *
 * @param reference the reference at that registry (mirror or location)
 * @param insecure plain HTTP or unverified TLS allowed
 */
public record PullSource(ImageReference reference, boolean insecure) {
}
