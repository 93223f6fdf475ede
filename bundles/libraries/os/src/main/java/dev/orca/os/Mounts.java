package dev.orca.os;

import java.io.IOException;
import java.nio.file.Files;
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

    /** The real path of a path that exists, otherwise its absolute normal form. */
    static Path canonical(Path path) throws IOException {
        return Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize();
    }
}
