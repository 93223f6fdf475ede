package dev.orca.image.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImagesInUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageGarbageCollectorTest {

    private static final FileSystemSpace FULL = new FileSystemSpace(100L << 30, 1L << 30);

    private final List<StoredImage> stored = new ArrayList<>(List.of(GcPlannerTest.image("old", 1, 1),
            GcPlannerTest.image("used", 1, 0), GcPlannerTest.image("new", 1, 2)));
    private final List<String> removed = new ArrayList<>();

    private final ImageGarbageCollector.Images images = new ImageGarbageCollector.Images() {
        @Override
        public List<StoredImage> stored() {
            return List.copyOf(stored);
        }

        @Override
        public void remove(Image image) {
            removed.add(image.id());
            stored.removeIf(s -> s.image().id().equals(image.id()));
        }
    };

    private ImageGarbageCollector collector(ImagesInUse inUse) {
        return new ImageGarbageCollector(new GcPlanner(new GcThresholds(90, 85, 0, 0)), () -> FULL, images,
                () -> inUse);
    }

    @Test
    void aDryRunSaysWhatItWouldRemoveAndRemovesNothing() throws ImageException {
        GcRun run = collector(() -> Map.of("sha256:used", "c1")).collect(true);
        assertEquals(List.of(), removed);
        String text = run.describe();
        assertTrue(text.contains("would remove sha256:old r.example/old:1"), text);
        assertTrue(text.contains("would remove sha256:new"), text);
        assertTrue(text.contains("kept sha256:used r.example/used:1: in use by container c1"), text);
    }

    @Test
    void aRunRemovesOldestFirstAndKeepsWhatIsInUse() throws ImageException {
        GcRun run = collector(() -> Map.of("sha256:used", "c1")).collect(false);
        assertEquals(List.of("sha256:old", "sha256:new"), removed);
        assertTrue(run.describe().contains("removed sha256:old"), run.describe());
    }

    @Test
    void withoutTheCoresViewNothingIsRemoved() {
        assertThrows(ImageException.class, () -> collector(null).collect(false));
        assertThrows(ImageException.class, () -> collector(() -> {
            throw new IllegalStateException("not serving");
        }).collect(false));
        assertEquals(List.of(), removed);
    }
}
