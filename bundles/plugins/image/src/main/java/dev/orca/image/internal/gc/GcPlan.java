package dev.orca.image.internal.gc;

import java.util.List;

/**
 * What one garbage collection removes, in order, and why.
 *
 * @param space the file system as measured
 * @param over why the file system is over the high threshold, or null when it is not (then nothing is removed)
 * @param removals the images to remove, least recently used first
 * @param kept images that are never removed (pinned, in use), each with the reason
 * @param reachesLow whether removing them all is expected to bring the file system within the low threshold
 */
public record GcPlan(FileSystemSpace space, String over, List<Removal> removals, List<Kept> kept,
        boolean reachesLow) {

    public GcPlan {
        removals = List.copyOf(removals);
        kept = List.copyOf(kept);
    }

    /** An image to remove, and why. */
    public record Removal(StoredImage image, String reason) {
    }

    /** An image garbage collection leaves, and why. */
    public record Kept(StoredImage image, String reason) {
    }
}
