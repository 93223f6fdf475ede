package dev.orca.runtime.oci.internal;

import dev.orca.os.FileTrees;
import dev.orca.os.Sweeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a removed container's bundle goes: renamed at once into {@code <runRoot>/deleting/}, so its name is free and
 * the handler no longer knows it, then deleted by a {@link Sweeper} after RemoveContainer has answered. What a killed
 * daemon left there is deleted when the handler starts.
 */
final class BundleTrash implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BundleTrash.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Path dir;
    private final Sweeper sweeper;

    private BundleTrash(Path dir, Sweeper sweeper) {
        this.dir = dir;
        this.sweeper = sweeper;
    }

    /** The trash in {@code dir}, emptied of what an earlier process left. */
    static BundleTrash open(Path dir, String handler) {
        try (var left = Files.list(dir)) {
            int deleted = 0;
            for (Path entry : left.toList()) {
                FileTrees.delete(entry);
                deleted++;
            }
            if (deleted > 0) {
                LOG.info("runtime handler \"{}\": deleted {} removed bundles an earlier daemon left in {}", handler,
                        deleted, dir);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was trashed yet
        } catch (IOException e) {
            LOG.warn("runtime handler \"{}\": cannot empty {}: {}", handler, dir, e.getMessage());
        }
        return new BundleTrash(dir, new Sweeper("orca-" + handler + "-bundle-sweeper", CLOSE_WAIT));
    }

    /** Takes the bundle away from its name and deletes it soon; a bundle that cannot be moved is deleted now. */
    void discard(Path bundle) {
        if (!Files.exists(bundle, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path moved = dir.resolve(bundle.getFileName() + "-" + UUID.randomUUID());
            Files.move(bundle, moved, StandardCopyOption.ATOMIC_MOVE);
            sweeper.sweep(moved);
        } catch (IOException e) {
            try {
                FileTrees.delete(bundle);
            } catch (IOException again) {
                LOG.warn("cannot delete bundle {}: {}", bundle, again.getMessage());
            }
        }
    }

    /** Finishes the deletions under way, for up to five seconds; the rest goes when the handler starts next. */
    @Override
    public void close() {
        sweeper.close();
    }
}
