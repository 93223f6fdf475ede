package dev.orca.layers;

import dev.orca.spi.StorageUsage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Measuring directory trees without ever following a symbolic link or crossing into a mounted filesystem. */
public final class TreeUsage {

    private TreeUsage() {
    }

    /**
     * Bytes (apparent sizes) and inodes of a tree, each inode once however many hard links it has; trees mounted
     * inside it (another device, such as a mounted root filesystem) are left out. An absent tree uses nothing.
     */
    public static StorageUsage of(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return StorageUsage.none(dir);
        }
        Object device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Set<Object> seen = new HashSet<>();
        long[] totals = new long[2];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Map<String, Object> unix = unix(d);
                if (unix == null || !device.equals(unix.get("dev"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                count(unix);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Map<String, Object> unix = unix(file);
                if (unix != null) {
                    count(unix);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted while we walk: it uses nothing any more
                }
                throw e;
            }

            /** The attributes that count, null for a file deleted meanwhile. */
            private Map<String, Object> unix(Path path) throws IOException {
                try {
                    return Files.readAttributes(path, "unix:dev,ino,size", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    return null;
                }
            }

            private void count(Map<String, Object> unix) {
                if (seen.add(unix.get("dev") + ":" + unix.get("ino"))) {
                    totals[0] += (Long) unix.get("size");
                    totals[1]++;
                }
            }
        });
        return new StorageUsage(dir, totals[0], totals[1]);
    }
}
