package dev.orca.layers.internal;

import dev.orca.spi.LayerContentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves paths inside a root directory one component at a time, without letting the kernel follow a symbolic
 * link: a relative link that stays inside the root is followed by hand, an absolute one or one that climbs out is
 * refused. What this returns is a path of real directories inside the root, safe to create an entry in with
 * NOFOLLOW calls.
 */
final class ScopedTree {

    /** As the kernel's MAXSYMLINKS. */
    private static final int MAX_LINKS = 40;

    private final Path root;
    /**
     * Directories resolved before, by their components as an entry named them: an entry's directory is most often
     * the one before's. Valid until something in the tree is removed or replaced ({@link #forget}).
     */
    private final Map<List<String>, Path> resolved = new HashMap<>();
    /** Directories known not to be setgid: made here, or given a mode without the bit; see {@link #modeApplied}. */
    private final Set<Path> withoutSetgid = new HashSet<>();
    private Boolean rootWithoutSetgid;

    /** @param root the real path of an existing directory */
    ScopedTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The directory {@code components} name.
     *
     * @param create whether missing directories are made (mode 0755), or refused
     * @param entry the tar entry being applied, for messages
     */
    Path directory(List<String> components, boolean create, String entry) throws IOException {
        Path known = resolved.get(components);
        if (known != null) {
            return known;
        }
        Path directory = resolve(components, create, entry);
        resolved.put(List.copyOf(components), directory);
        return directory;
    }

    private Path resolve(List<String> components, boolean create, String entry) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        Path current = root;
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pop();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (current.equals(root)) {
                    throw new LayerContentException("layer entry \"" + entry + "\": a symbolic link on its path"
                            + " leads out of the layer");
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(component);
            BasicFileAttributes attributes = attributes(next);
            if (attributes == null) {
                if (!create) {
                    throw new LayerContentException("layer entry \"" + entry + "\": " + relative(next)
                            + " does not exist in the layer");
                }
                Files.createDirectory(next);
                Files.setAttribute(next, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                withoutSetgid.add(next);
                current = next;
            } else if (attributes.isDirectory()) {
                current = next;
            } else if (attributes.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new LayerContentException("layer entry \"" + entry + "\": too many symbolic links on"
                            + " its path");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    throw new LayerContentException("layer entry \"" + entry + "\": its path goes through the"
                            + " symbolic link " + relative(next) + " -> " + target + ", which is absolute");
                }
                List<String> parts = Arrays.asList(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.push(parts.get(i));
                }
            } else {
                throw new LayerContentException("layer entry \"" + entry + "\": " + relative(next)
                        + " on its path is not a directory");
            }
        }
        return current;
    }

    /**
     * Whether {@code path} (inside the root) still exists and is reached through real directories only. Work done
     * after the whole tar is read checks this, since later entries may have replaced a directory by a link.
     */
    boolean reachableWithoutLinks(Path path) throws IOException {
        Path relative = root.relativize(path);
        if (relative.toString().isEmpty()) {
            return true;
        }
        Path current = root;
        for (int i = 0; i < relative.getNameCount(); i++) {
            current = current.resolve(relative.getName(i));
            BasicFileAttributes attributes = attributes(current);
            if (attributes == null || (i < relative.getNameCount() - 1 && !attributes.isDirectory())) {
                return false;
            }
        }
        return true;
    }

    /** Something at {@code removed} is being removed or replaced: what was resolved through it is not trusted. */
    void forget(Path removed) {
        resolved.clear();
        withoutSetgid.removeIf(dir -> dir.startsWith(removed));
    }

    /** A directory was given {@code mode}: it is setgid exactly when the mode says so. */
    void modeApplied(Path dir, int mode) {
        if ((mode & 02000) == 0) {
            withoutSetgid.add(dir);
        } else {
            withoutSetgid.remove(dir);
            if (dir.equals(root)) {
                rootWithoutSetgid = false;
            }
        }
    }

    /**
     * Whether {@code dir} is known not to be setgid, so that a file created in it gets this process's group: a
     * directory made or given its mode here, or the root when it was not setgid to begin with.
     */
    boolean withoutSetgid(Path dir) {
        if (withoutSetgid.contains(dir)) {
            return true;
        }
        if (dir.equals(root)) {
            if (rootWithoutSetgid == null) {
                try {
                    rootWithoutSetgid = ((Integer) Files.getAttribute(root, "unix:mode") & 02000) == 0;
                } catch (IOException | RuntimeException e) {
                    rootWithoutSetgid = false;
                }
            }
            return rootWithoutSetgid;
        }
        return false;
    }

    /** The attributes of the file itself, null when absent. */
    static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    String relative(Path path) {
        return "/" + root.relativize(path);
    }
}
