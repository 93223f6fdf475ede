package dev.orca.image.internal.gc;

import java.util.List;

/**
 * What a garbage collection did.
 *
 * @param plan what it chose
 * @param dryRun whether it only reported
 * @param removed the images it removed
 * @param failures images it chose but could not remove, each with the cause
 */
public record GcRun(GcPlan plan, boolean dryRun, List<GcPlan.Removal> removed, List<String> failures) {

    public GcRun {
        removed = List.copyOf(removed);
        failures = List.copyOf(failures);
    }

    /** For the shell: one line per image, the file system first. */
    public String describe() {
        StringBuilder out = new StringBuilder("image file system: ").append(plan.space()).append('\n');
        if (plan.over() == null) {
            out.append("within the high threshold: nothing to remove\n");
        }
        String verb = dryRun ? "would remove " : "removed ";
        for (GcPlan.Removal removal : dryRun ? plan.removals() : removed) {
            out.append(verb).append(name(removal.image())).append(": ").append(removal.reason()).append('\n');
        }
        failures.forEach(f -> out.append("not removed ").append(f).append('\n'));
        for (GcPlan.Kept kept : plan.kept()) {
            out.append("kept ").append(name(kept.image())).append(": ").append(kept.reason()).append('\n');
        }
        if (plan.over() != null && !plan.reachesLow()) {
            out.append("the file system stays over the low threshold: the other images are pinned or in use\n");
        }
        return out.toString();
    }

    private static String name(StoredImage stored) {
        var image = stored.image();
        return image.id() + (image.repoTags().isEmpty() ? "" : " " + String.join(",", image.repoTags()));
    }
}
