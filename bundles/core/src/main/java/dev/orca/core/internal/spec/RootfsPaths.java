package dev.orca.core.internal.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths inside a container's root filesystem, resolved the way the container will see them: a symlink in the image
 * is followed relative to the root. A path that would climb above the root, written so or through a link planted
 * in the image, is refused: Orca never reads, and never asks runc to write, outside the root.
 */
final class RootfsPaths {

    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /**
     * Where {@code containerPath} lands inside {@code rootfs}, following symlinks inside the root.
     *
     * @throws SpecException when the path is not absolute, climbs above the root, or links loop
     */
    static Path resolve(Path rootfs, String containerPath, String what) throws SpecException {
        if (!containerPath.startsWith("/")) {
            throw new SpecException(what + " '" + containerPath + "' is not an absolute path");
        }
        Path current = rootfs;
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(java.util.List.of(containerPath.split("/")));
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (current.equals(rootfs)) {
                    throw new SpecException(what + " '" + containerPath + "' escapes the root filesystem"
                            + (links > 0 ? " through a symbolic link in the image" : ""));
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new SpecException(what + " '" + containerPath + "': too many symbolic links");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new SpecException(what + " '" + containerPath + "': cannot read link " + next);
                }
                java.util.List<String> parts = java.util.List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                if (target.startsWith("/")) {
                    current = rootfs;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    /** Whether {@code path} (already resolved) is a directory, not through a link. */
    static boolean isDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
