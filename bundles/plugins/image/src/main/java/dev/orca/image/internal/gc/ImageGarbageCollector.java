package dev.orca.image.internal.gc;

import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImagesInUse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a garbage collection: measures, asks the planner, and removes (or, dry, only reports) what it chose. */
public final class ImageGarbageCollector {

    /** The store's side: its images with their last use, and removal. */
    public interface Images {
        List<StoredImage> stored();

        void remove(Image image) throws ImageException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImageGarbageCollector.class);

    private final GcPlanner planner;
    private final SpaceGauge gauge;
    private final Images images;
    private final Supplier<ImagesInUse> inUse;

    /** @param inUse the core's view of the images containers use, or null while it is not deployed */
    public ImageGarbageCollector(GcPlanner planner, SpaceGauge gauge, Images images, Supplier<ImagesInUse> inUse) {
        this.planner = planner;
        this.gauge = gauge;
        this.images = images;
        this.inUse = inUse;
    }

    /**
     * One collection; serialized, so that the schedule and the shell never remove side by side.
     *
     * @throws ImageException when the file system cannot be measured or nobody can say which images are in use:
     *     then nothing is removed
     */
    public synchronized GcRun collect(boolean dryRun) throws ImageException {
        FileSystemSpace space;
        try {
            space = gauge.measure();
        } catch (IOException e) {
            throw new ImageException(ImageException.Kind.FAILED, "image garbage collection: cannot measure the image"
                    + " file system: " + e.getMessage(), e);
        }
        GcPlan plan = planner.plan(space, images.stored(), containersByImage());
        if (dryRun) {
            return new GcRun(plan, true, List.of(), List.of());
        }
        List<GcPlan.Removal> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (GcPlan.Removal removal : plan.removals()) {
            Image image = removal.image().image();
            String user = containersByImage().get(image.id());
            if (user != null) {
                failures.add(image.id() + ": container " + user + " was created from it meanwhile; kept");
                continue;
            }
            try {
                images.remove(image);
                removed.add(removal);
                LOG.info("image garbage collection removed image {} {}: {}", image.id(), image.repoTags(),
                        removal.reason());
            } catch (ImageException e) {
                failures.add(image.id() + ": " + e.getMessage());
                LOG.warn("image garbage collection could not remove image {} {}: {}", image.id(), image.repoTags(),
                        e.getMessage());
            }
        }
        if (plan.over() != null && !plan.reachesLow()) {
            LOG.warn("image garbage collection: the image file system ({}) stays over the low threshold: the other"
                    + " images are pinned or in use", plan.space());
        }
        return new GcRun(plan, false, removed, failures);
    }

    private Map<String, String> containersByImage() throws ImageException {
        ImagesInUse users = inUse.get();
        if (users == null) {
            throw new ImageException(ImageException.Kind.NOT_DEPLOYED, "image garbage collection: the core's view of"
                    + " the containers is not deployed, so no image is known to be unused; nothing removed");
        }
        try {
            return users.containerByImageId();
        } catch (IllegalStateException e) {
            throw new ImageException(ImageException.Kind.NOT_DEPLOYED, "image garbage collection: " + e.getMessage()
                    + "; nothing removed", e);
        }
    }
}
