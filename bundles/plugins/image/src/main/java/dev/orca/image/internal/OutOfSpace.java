package dev.orca.image.internal;

import dev.orca.os.Mounts;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull that failed because a disk ran full, told as such: NO_SPACE (RESOURCE_EXHAUSTED at the CRI) naming the image
 * and the file system by its mount point, instead of whatever kind the layer, the download or the catalog write
 * reported. The JDK has no exception type for ENOSPC; it says so in the message.
 */
final class OutOfSpace {

    private static final List<String> SAID = List.of("No space left on device", "Disk quota exceeded");

    private final Mounts mounts;

    OutOfSpace(Mounts mounts) {
        this.mounts = mounts;
    }

    /** Whether ENOSPC (or EDQUOT) is among the causes, or what they suppressed. */
    static boolean isCauseOf(Throwable e) {
        return isCauseOf(e, 0);
    }

    private static boolean isCauseOf(Throwable e, int depth) {
        if (e == null || depth > 16) {
            return false;
        }
        String said = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (said != null && SAID.stream().anyMatch(said::contains)) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (isCauseOf(suppressed, depth + 1)) {
                return true;
            }
        }
        return isCauseOf(e.getCause(), depth + 1);
    }

    /**
     * The failure as NO_SPACE when the disk ran full, else as it was.
     *
     * @param stores where the pull writes, each with what it is ("image store", "overlay layers")
     */
    ImageException classify(ImageException e, String reference, List<Store> stores) {
        if (e.kind() == Kind.NO_SPACE || !isCauseOf(e)) {
            return e;
        }
        return new ImageException(Kind.NO_SPACE, "image \"" + reference + "\": no space left on the file system "
                + "mounted at " + fileSystems(stores) + "; nothing of the image was kept: remove unused images "
                + "(crictl rmi --prune) or free space there, and pull again", e);
    }

    /** Each file system the stores lie on, by mount point, with the stores it holds. */
    private String fileSystems(List<Store> stores) {
        Map<Path, List<String>> byFileSystem = new LinkedHashMap<>();
        for (Store store : stores) {
            byFileSystem.computeIfAbsent(mountPointOf(store.dir()), m -> new ArrayList<>())
                    .add(store.what() + " " + store.dir());
        }
        List<String> named = new ArrayList<>();
        byFileSystem.forEach((point, held) -> named.add(point + " (" + String.join(", ", held) + ")"));
        return String.join(", or at ", named);
    }

    /** A storage driver's failure for lack of space (a container's root filesystem), naming the file systems. */
    ImageException whileStoring(String what, IOException e, List<Store> stores) {
        return new ImageException(Kind.NO_SPACE, "cannot " + what + ": no space left on the file system mounted at "
                + fileSystems(stores), e);
    }

    /** A directory a pull writes to, and what it holds. */
    record Store(String what, Path dir) {
    }

    /** The mount point of the file system {@code dir} lies on (the longest mount point above it). */
    Path mountPointOf(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir.toAbsolutePath().normalize();
        }
        List<Path> points;
        try {
            points = new ArrayList<>(mounts.mountPoints());
        } catch (IOException e) {
            return real;
        }
        Path under = real;
        return points.stream().filter(under::startsWith).max(Comparator.comparingInt(Path::getNameCount))
                .orElse(real);
    }
}
