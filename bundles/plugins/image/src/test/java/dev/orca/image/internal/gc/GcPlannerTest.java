package dev.orca.image.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.Image;
import dev.orca.spi.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcPlannerTest {

    private static final long GB = 1L << 30;
    private static final FileSystemSpace NINETY_FIVE_PERCENT = new FileSystemSpace(100 * GB, 5 * GB);

    static StoredImage image(String name, long sizeGb, int usedAtSecond) {
        Image image = new Image("sha256:" + name, List.of("r.example/" + name + ":1"), List.of(), sizeGb * GB,
                List.of(), ImageConfig.EMPTY, Instant.ofEpochSecond(0));
        return new StoredImage(image, Instant.ofEpochSecond(usedAtSecond));
    }

    static List<String> removed(GcPlan plan) {
        return plan.removals().stream().map(r -> r.image().image().id()).toList();
    }

    private final GcPlanner percent = new GcPlanner(new GcThresholds(90, 85, 0, 0));

    @Test
    void removesNothingWithinTheHighThreshold() {
        GcPlan plan = percent.plan(new FileSystemSpace(100 * GB, 10 * GB), List.of(image("old", 1, 1)), Map.of());
        assertNull(plan.over());
        assertEquals(List.of(), plan.removals());
    }

    @Test
    void removesLeastRecentlyUsedFirstUntilTheLowThreshold() {
        List<StoredImage> images = List.of(image("newest", 4, 30), image("oldest", 4, 10), image("middle", 4, 20));
        GcPlan plan = percent.plan(NINETY_FIVE_PERCENT, images, Map.of());
        // 95% used: oldest frees 4 GB (91%), middle 4 GB more (87%), newest brings it to 83% <= 85%.
        assertEquals(List.of("sha256:oldest", "sha256:middle", "sha256:newest"), removed(plan));
        assertTrue(plan.reachesLow());
        GcPlan fewer = percent.plan(NINETY_FIVE_PERCENT, List.of(image("big", 20, 2), image("small", 1, 1),
                image("kept", 1, 3)), Map.of());
        assertEquals(List.of("sha256:small", "sha256:big"), removed(fewer));
    }

    @Test
    void neverRemovesPinnedOrInUseImages() {
        StoredImage pinned = new StoredImage(image("pinned", 50, 1).image().withPinned(true), Instant.EPOCH);
        StoredImage used = image("used", 50, 2);
        GcPlan plan = percent.plan(NINETY_FIVE_PERCENT, List.of(pinned, used, image("free", 1, 3)),
                Map.of("sha256:used", "c1"));
        assertEquals(List.of("sha256:free"), removed(plan));
        assertFalse(plan.reachesLow());
        assertEquals(List.of("pinned", "in use by container c1"), plan.kept().stream().map(GcPlan.Kept::reason)
                .toList());
    }

    @Test
    void freeBytesThresholdsStartAndStopACollection() {
        GcPlanner bytes = new GcPlanner(new GcThresholds(0, 0, 10 * GB, 12 * GB));
        assertNull(bytes.plan(new FileSystemSpace(100 * GB, 11 * GB), List.of(image("a", 1, 1)), Map.of()).over());
        GcPlan plan = bytes.plan(new FileSystemSpace(100 * GB, 9 * GB), List.of(image("a", 2, 1), image("b", 2, 2),
                image("c", 2, 3)), Map.of());
        assertEquals(List.of("sha256:a", "sha256:b"), removed(plan));
    }

    @Test
    void bothLowLimitsMustHold() {
        GcPlanner both = new GcPlanner(new GcThresholds(90, 85, 0, 16 * GB));
        GcPlan plan = both.plan(NINETY_FIVE_PERCENT, List.of(image("a", 10, 1), image("b", 1, 2),
                image("c", 1, 3)), Map.of());
        // after a: 85% used and 15 GB free, short of 16 GB free
        assertEquals(List.of("sha256:a", "sha256:b"), removed(plan));
    }

    @Test
    void highThresholdsOffCollectNothing() {
        GcPlanner off = new GcPlanner(new GcThresholds(0, 0, 0, 0));
        assertEquals(List.of(), off.plan(new FileSystemSpace(100 * GB, 0), List.of(image("a", 1, 1)), Map.of())
                .removals());
    }

    @Test
    void inconsistentThresholdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GcThresholds(80, 85, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GcThresholds(90, 85, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new GcThresholds(101, 85, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GcThresholds(90, 85, -1, 0));
    }
}
