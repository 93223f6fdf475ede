package dev.orca.layers.store;

import dev.orca.os.FileTrees;
import dev.orca.os.Sweeper;
import dev.orca.os.Trash;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory where layers and root filesystems are made before they appear under their name with one rename(2):
 * what is under a name is complete, also after a crash. It must lie on the same filesystem as their final place.
 * Whatever is found in it at start-up was left by a crash and is deleted, after the driver has undone what it may have
 * left mounted there. It is also the driver's {@link Trash}: what a driver removes is renamed into it, then deleted.
 */
public final class StagingArea {

    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);

    private final Path dir;
    private final Trash trash;

    /** A staging area whose {@link #trash} deletes before it returns. */
    public StagingArea(Path dir) {
        this(dir, null);
    }

    /** A staging area whose {@link #trash} leaves the deletion to {@code sweeper}; null to delete before returning. */
    public StagingArea(Path dir, Sweeper sweeper) {
        this.dir = dir;
        this.trash = new Trash(dir, sweeper);
    }

    public Path dir() {
        return dir;
    }

    /** What a driver undoes in a directory an interrupted operation left in staging, before it is deleted. */
    @FunctionalInterface
    public interface Leftover {
        /** Releases what {@code entry} holds beyond files (mounts); nothing is mounted there afterwards. */
        void release(Path entry) throws IOException;
    }

    /** {@link #open(Leftover)} for a driver that leaves nothing but files in staging. */
    public int open() throws IOException {
        return open(entry -> { });
    }

    /**
     * Creates the staging directory, deleting what an earlier process left in it, each entry released by
     * {@code leftover} first; returns how many it deleted.
     */
    public int open(Leftover leftover) throws IOException {
        return trash.open(entry -> {
            LOG.info("deleting {}, left by an interrupted operation", entry);
            leftover.release(entry);
        });
    }

    /** A new empty directory; {@code label} says what it is for, in its name. */
    public Path create(String label) throws IOException {
        return Files.createDirectory(dir.resolve(label + "-" + UUID.randomUUID()));
    }

    /**
     * Moves a staged directory to its place, atomically.
     *
     * @throws FileAlreadyExistsException something is there already (the staged directory stays)
     */
    public void commit(Path staged, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), staged.toString(), "already exists");
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("staging directory " + dir + " is not on the filesystem of " + target, e);
        }
    }

    /**
     * Deletes a directory so that it never appears half deleted: renamed into staging first, then deleted there, by
     * the sweeper when there is one.
     */
    public void trash(Path target) throws IOException {
        trash.discard(target, "deleting");
    }

    /** Deletes a staged directory after a failure; a failure of that is logged, not thrown over the first. */
    public void discard(Path staged, Throwable cause) {
        try {
            FileTrees.delete(staged);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn("could not delete {} after a failure; it goes at the next start: {}", staged, e.toString());
        }
    }
}
