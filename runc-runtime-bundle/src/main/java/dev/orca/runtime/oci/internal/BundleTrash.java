package dev.orca.runtime.oci.internal;

import dev.orca.os.FileTrees;
import dev.orca.os.Sweeper;
import dev.orca.os.Trash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a removed container's bundle goes: a {@link Trash} in {@code <runRoot>/deleting/}, so the bundle's name is
 * free and the handler no longer knows it when RemoveContainer answers, and a {@link Sweeper} deletes it afterwards.
 * What a killed daemon left there is deleted when the handler starts; a bundle that cannot be moved is deleted in
 * place.
 */
final class BundleTrash implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BundleTrash.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Trash trash;

    private BundleTrash(Trash trash) {
        this.trash = trash;
    }

    /** The trash in {@code dir}, emptied of what an earlier process left. */
    static BundleTrash open(Path dir, String handler) {
        Trash trash = new Trash(dir, new Sweeper("orca-" + handler + "-bundle-sweeper", CLOSE_WAIT));
        try {
            int deleted = trash.open();
            if (deleted > 0) {
                LOG.info("runtime handler \"{}\": deleted {} removed bundles an earlier daemon left in {}", handler,
                        deleted, dir);
            }
        } catch (IOException e) {
            LOG.warn("runtime handler \"{}\": cannot empty {}: {}", handler, dir, e.getMessage());
        }
        return new BundleTrash(trash);
    }

    /** Takes the bundle away from its name and deletes it soon; a bundle that cannot be moved is deleted now. */
    void discard(Path bundle) {
        try {
            trash.discard(bundle, bundle.getFileName().toString());
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
        trash.close();
    }
}
