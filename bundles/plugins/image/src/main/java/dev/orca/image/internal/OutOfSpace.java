package dev.orca.image.internal;

import dev.orca.os.Mounts;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageException.Kind;
import dev.orca.spi.files.DiskFull;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull that failed because a disk ran full, told as such: NO_SPACE (RESOURCE_EXHAUSTED at the CRI) naming the image
 * and the file system by its mount point, instead of whatever kind the layer, the download or the catalog write
 * reported ({@link DiskFull} tells it).
 */
final class OutOfSpace {

    private final Mounts mounts;

    OutOfSpace(Mounts mounts) {
        this.mounts = mounts;
    }

    /** Whether the disk ran full, somewhere among the causes. */
    static boolean isCauseOf(Throwable e) {
        return DiskFull.among(e);
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
