package dev.orca.os;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Mounting and unmounting filesystems, and the calling process's mount table. */
@ProviderType
public interface Mounts {

    /**
     * mount(2).
     *
     * @param source the source (a device, a directory, or a name such as {@code overlay}); may be null
     * @param target where to mount
     * @param fstype the filesystem type; may be null (bind mounts, remounts)
     * @param flags {@link MountFlags}{@code .MS_*}
     * @param data filesystem options, at most one page; may be null
     */
    void mount(String source, Path target, String fstype, long flags, String data) throws IOException;

    /** umount2(2), with {@link MountFlags}{@code .MNT_*}/{@code UMOUNT_NOFOLLOW} flags. */
    void unmount(Path target, int flags) throws IOException;

    /**
     * Unmounts everything stacked on {@code point}, topmost first, until the kernel answers that nothing is mounted
     * there (EINVAL) or that there is no such path (ENOENT). A mount still in use (EBUSY) is detached; the kernel frees
     * it when it is released. Reads no mount table, so a point with nothing on it costs one system call.
     *
     * @param flags {@link MountFlags}{@code .UMOUNT_NOFOLLOW} or 0, for every call
     * @param maxStacked how many mounts at most are taken off the point
     * @return how many mounts were taken off, detached ones included
     * @throws IOException umount2 failed otherwise, or more than {@code maxStacked} mounts were on the point (the
     *     message names it)
     */
    default int unmountAll(Path point, int flags, int maxStacked) throws IOException {
        return unmountAll(point, flags, maxStacked, busy -> { });
    }

    /**
     * {@link #unmountAll(Path, int, int)}, telling {@code detaching} about each busy mount before it is detached
     * (a caller that owns the point says whose it is: a process still holds it).
     */
    default int unmountAll(Path point, int flags, int maxStacked, java.util.function.Consumer<Path> detaching)
            throws IOException {
        for (int taken = 0; taken < maxStacked; taken++) {
            try {
                unmount(point, flags);
            } catch (SystemCallException e) {
                if (nothingThere(e)) {
                    return taken;
                }
                if (e.errno() != SystemCallException.EBUSY) {
                    throw e;
                }
                detaching.accept(point);
                unmount(point, flags | MountFlags.MNT_DETACH);
            }
        }
        if (isMountPoint(point)) {
            throw new IOException(point + " still has mounts on it after " + maxStacked + " were taken off");
        }
        return maxStacked;
    }

    /**
     * Takes the one mount off {@code point} when it is all there is: nothing mounted below it, nothing stacked under
     * it, nothing using it. Two umount2 calls and no mount table: the first takes it off, the second must answer that
     * nothing is left (EINVAL). False otherwise — nothing was mounted there, the kernel refused (EBUSY: mounts below
     * or a process in it), or a mount stacked under it is still there — and then the caller clears the point as it
     * would have without this, from the mount table.
     *
     * @param flags {@link MountFlags}{@code .UMOUNT_NOFOLLOW} or 0, for both calls
     */
    default boolean unmountAlone(Path point, int flags) throws IOException {
        if (!tookOneOff(point, flags)) {
            return false;
        }
        try {
            unmount(point, flags);
            return false; // a second mount was stacked under it: there may be more
        } catch (SystemCallException e) {
            if (nothingThere(e)) {
                return true;
            }
            if (e.errno() == SystemCallException.EBUSY) {
                return false;
            }
            throw e;
        }
    }

    /** One plain umount2: true when it took a mount off; false when nothing was there or it was refused (EBUSY). */
    private boolean tookOneOff(Path point, int flags) throws IOException {
        try {
            unmount(point, flags);
            return true;
        } catch (SystemCallException e) {
            if (nothingThere(e) || e.errno() == SystemCallException.EBUSY) {
                return false;
            }
            throw e;
        }
    }

    /** umount2's answer that nothing is mounted on the point (EINVAL), or that there is no such path (ENOENT). */
    private static boolean nothingThere(SystemCallException e) {
        return e.errno() == SystemCallException.EINVAL || e.errno() == SystemCallException.ENOENT;
    }

    /** Every mount point of the calling process's mount namespace, in mount order (a path may appear twice). */
    List<Path> mountPoints() throws IOException;

    /** Whether something is mounted on {@code path} (compared by its real path when it exists). */
    default boolean isMountPoint(Path path) throws IOException {
        Path real = canonical(path);
        return mountPoints().contains(real);
    }

    /** The mount points at or under {@code dir}. */
    default List<Path> mountPointsUnder(Path dir) throws IOException {
        Path real = canonical(dir);
        return mountPoints().stream().filter(p -> p.startsWith(real)).toList();
    }

    /**
     * The real path of a path that exists, otherwise its absolute normal form (also for one that goes while it is
     * looked at: a sweeper deleting it).
     */
    static Path canonical(Path path) throws IOException {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException gone) {
            return path.toAbsolutePath().normalize();
        }
    }
}
