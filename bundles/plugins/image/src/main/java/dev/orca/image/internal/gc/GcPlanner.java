package dev.orca.image.internal.gc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides which images a garbage collection removes: nothing while the file system is within the high threshold;
 * otherwise unpinned images no container uses, least recently used first, until the bytes they free are expected to
 * bring it within the low threshold. An image frees about its size (its layers as the manifest gives them, which
 * errs towards removing one image more rather than one fewer, since layers unpack larger than they download).
 */
public final class GcPlanner {

    private final GcThresholds thresholds;

    public GcPlanner(GcThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * @param inUse the IDs of images containers use, each with one such container's ID
     */
    public GcPlan plan(FileSystemSpace space, List<StoredImage> images, Map<String, String> inUse) {
        List<GcPlan.Kept> kept = new ArrayList<>();
        List<StoredImage> removable = new ArrayList<>();
        for (StoredImage stored : images) {
            if (stored.image().pinned()) {
                kept.add(new GcPlan.Kept(stored, "pinned"));
            } else if (inUse.containsKey(stored.image().id())) {
                kept.add(new GcPlan.Kept(stored, "in use by container " + inUse.get(stored.image().id())));
            } else {
                removable.add(stored);
            }
        }
        String over = thresholds.over(space);
        if (over == null) {
            return new GcPlan(space, null, List.of(), kept, true);
        }
        removable.sort(Comparator.comparing(StoredImage::lastUsed).thenComparing(s -> s.image().id()));
        List<GcPlan.Removal> removals = new ArrayList<>();
        FileSystemSpace expected = space;
        for (StoredImage stored : removable) {
            if (thresholds.within(expected)) {
                break;
            }
            removals.add(new GcPlan.Removal(stored, over + "; unused since " + stored.lastUsed()));
            expected = expected.freeing(stored.image().sizeBytes());
        }
        return new GcPlan(space, over, removals, kept, thresholds.within(expected));
    }
}
