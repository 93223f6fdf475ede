package dev.orca.image.internal.gc;

import dev.orca.spi.Image;
import java.time.Instant;

/**
 * An image as garbage collection sees it.
 *
 * @param image the image, marked pinned or not
 * @param lastUsed its last pull or the last creation of a container from it
 */
public record StoredImage(Image image, Instant lastUsed) {
}
