package dev.orca.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A folder where directories go to be deleted. {@link #discard} renames a directory into it, so that its name is free
 * at once and nobody sees it half deleted, then deletes it: on a {@link Sweeper}'s thread after the caller has gone on,
 * or before it returns. What a killed process left in the folder is deleted when the trash is {@link #open opened}
 * next. The folder must lie on the filesystem of what it takes, and may hold other entries of its owner's (a storage
 * driver's staging area keeps its half-made directories there too), which {@link #open} deletes as well.
 */
public final class Trash implements AutoCloseable {

    /** What an owner undoes in an entry a killed process left in the folder, before it is deleted. */
    @FunctionalInterface
    public interface Leftover {
        /** Releases what {@code entry} holds beyond files (mounts); nothing is mounted there afterwards. */
        void release(Path entry) throws IOException;
    }

    private final Path dir;
    private final Sweeper sweeper;

    /**
     * @param dir the folder, created by {@link #open}
     * @param sweeper deletes what {@link #discard} renamed; null to delete before {@code discard} returns
     */
    public Trash(Path dir, Sweeper sweeper) {
        this.dir = dir;
        this.sweeper = sweeper;
    }

    public Path dir() {
        return dir;
    }

    /** {@link #open(Leftover)} where nothing but files is left. */
    public int open() throws IOException {
        return open(entry -> { });
    }

    /**
     * Creates the folder and deletes every entry an earlier process left in it, each released by {@code leftover}
     * first; returns how many it deleted.
     */
    public int open(Leftover leftover) throws IOException {
        Files.createDirectories(dir);
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                leftover.release(entry);
                FileTrees.delete(entry);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Renames {@code target} into the folder as {@code label-<random>} and deletes it there; returns false when
     * nothing is at {@code target}. Needs the folder {@link #open opened}.
     *
     * @throws IOException the rename failed (then {@code target} is where it was) or, without a sweeper, the deletion
     */
    public boolean discard(Path target, String label) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path moved = dir.resolve(label + "-" + UUID.randomUUID());
        Files.move(target, moved, StandardCopyOption.ATOMIC_MOVE);
        if (sweeper == null) {
            FileTrees.delete(moved);
        } else {
            sweeper.sweep(moved);
        }
        return true;
    }

    /** Closes the sweeper, if any: what it has not deleted within its wait stays for the next {@link #open}. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.close();
        }
    }
}
