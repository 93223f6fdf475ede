package dev.orca.layers.internal;

import dev.orca.layers.SpecialFiles;
import dev.orca.layers.WhiteoutTreatment;
import dev.orca.os.DeviceNumber;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTrees;
import dev.orca.os.NodeType;
import dev.orca.spi.LayerContentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * One tar applied to one directory: each entry created in a directory {@link ScopedTree} resolved, with NOFOLLOW
 * calls only; whiteouts, opaque directories and directory times kept for {@link #finish()}.
 */
final class Extraction {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final Set<OpenOption> CREATE_WRITE = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private final ScopedTree tree;
    private final EntryMetadata metadata;
    private final FileCalls calls;
    private final WhiteoutTreatment whiteouts;
    private final SpecialFiles specialFiles;
    private final byte[] buffer = new byte[128 * 1024];
    private final CreationDefaults defaults;

    /** Paths (relative to the root) this layer wrote, and the directories leading to them. */
    private final Set<Path> written = new HashSet<>();
    private final Set<Path> ancestors = new HashSet<>();
    private final List<Path> hidden = new ArrayList<>();
    private final Set<Path> opaque = new LinkedHashSet<>();
    private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();
    private long entries;

    Extraction(Path root, FileCalls calls, WhiteoutTreatment whiteouts, SpecialFiles specialFiles) {
        this(root, calls, whiteouts, specialFiles, CreationDefaults.ofThisProcess());
    }

    Extraction(Path root, FileCalls calls, WhiteoutTreatment whiteouts, SpecialFiles specialFiles,
            CreationDefaults defaults) {
        this.defaults = defaults;
        this.tree = new ScopedTree(root);
        this.metadata = new EntryMetadata(calls);
        this.calls = calls;
        this.whiteouts = whiteouts;
        this.specialFiles = specialFiles;
    }

    long entries() {
        return entries;
    }

    void apply(TarArchiveEntry entry, InputStream content, Map<String, byte[]> rawXattrs) throws IOException {
        String name = entry.getName();
        List<String> components = EntryName.components(name);
        entries++;
        if (components.isEmpty()) {
            applyToRoot(entry, rawXattrs);
            return;
        }
        String base = components.get(components.size() - 1);
        Path parent = tree.directory(components.subList(0, components.size() - 1), true, name);
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(name, parent, base);
            return;
        }
        Path path = parent.resolve(base);
        if (!entry.isDirectory() && EntryMetadata.isRegular(entry)) {
            regularFile(entry, parent, path, content, rawXattrs);
            wrote(path);
            return;
        }
        BasicFileAttributes existing = ScopedTree.attributes(path);
        if (entry.isDirectory()) {
            if (existing == null || !existing.isDirectory()) {
                remove(path, existing);
                Files.createDirectory(path);
                existing = null;
            }
            metadata.apply(path, entry, EntryXattrs.of(entry, rawXattrs), existing != null);
            tree.modeApplied(path, entry.getMode());
            directories.put(path, entry);
        } else if (entry.isSymbolicLink()) {
            if (entry.getLinkName().isEmpty()) {
                throw new LayerContentException("layer entry \"" + name + "\": symbolic link without a target");
            }
            remove(path, existing);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            metadata.apply(path, entry, EntryXattrs.of(entry, rawXattrs), false);
        } else if (entry.isLink()) {
            hardLink(entry, path, existing);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            specialFile(entry, path, existing, rawXattrs);
        } else {
            throw new LayerContentException("layer entry \"" + name + "\": entry type '" + (char) entry.getLinkFlag()
                    + "' is not supported");
        }
        wrote(path);
    }

    /**
     * A regular file, the most common entry by far, in as few system calls as its header allows: created without a
     * look first (only a name already taken is looked at and removed), with its mode where the umask leaves it whole,
     * and without an lchown where this process's user and group are its owners and the directory is not setgid.
     */
    private void regularFile(TarArchiveEntry entry, Path parent, Path path, InputStream content,
            Map<String, byte[]> rawXattrs) throws IOException {
        int mode = entry.getMode() & 07777;
        boolean hasMode = defaults.keeps(mode);
        try (OutputStream out = createReplacing(path, hasMode ? mode : -1)) {
            for (int n; (n = read(content, entry.getName())) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
        boolean hasOwner = defaults.owns(entry.getLongUserId(), entry.getLongGroupId())
                && tree.withoutSetgid(parent);
        metadata.applyToCreated(path, entry, EntryXattrs.of(entry, rawXattrs), hasOwner, hasMode);
    }

    /** Creates a new file at {@code path}, removing what is there first; {@code mode} given to open(2), or -1. */
    private OutputStream createReplacing(Path path, int mode) throws IOException {
        try {
            return create(path, mode);
        } catch (FileAlreadyExistsException taken) {
            remove(path, ScopedTree.attributes(path));
            return create(path, mode);
        }
    }

    private static OutputStream create(Path path, int mode) throws IOException {
        return Channels.newOutputStream(mode < 0 ? Files.newByteChannel(path, CREATE_WRITE)
                : Files.newByteChannel(path, CREATE_WRITE, permissions(mode)));
    }

    private static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ first, 0400, down to OTHERS_EXECUTE
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return PosixFilePermissions.asFileAttribute(permissions);
    }

    private int read(InputStream content, String name) throws LayerContentException {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new LayerContentException("layer entry \"" + name + "\": its content cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private void applyToRoot(TarArchiveEntry entry, Map<String, byte[]> rawXattrs) throws IOException {
        if (!entry.isDirectory()) {
            throw new LayerContentException("layer entry \"" + entry.getName() + "\" names the layer's root but is"
                    + " not a directory");
        }
        metadata.apply(tree.root(), entry, EntryXattrs.of(entry, rawXattrs), true);
        tree.modeApplied(tree.root(), entry.getMode());
        directories.put(tree.root(), entry);
    }

    private void whiteout(String name, Path parent, String base) throws IOException {
        Path relativeParent = tree.root().relativize(parent);
        noteAncestors(relativeParent.resolve(base));
        if (base.equals(OPAQUE)) {
            opaque.add(relativeParent);
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): nothing to apply
        }
        String target = base.substring(WHITEOUT_PREFIX.length());
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
            throw new LayerContentException("layer entry \"" + name + "\": whiteout of an invalid name");
        }
        hidden.add(relativeParent.resolve(target));
    }

    private void hardLink(TarArchiveEntry entry, Path path, BasicFileAttributes existing) throws IOException {
        String name = entry.getName();
        List<String> targetComponents = EntryName.components(entry.getLinkName());
        if (targetComponents.isEmpty()) {
            throw new LayerContentException("layer entry \"" + name + "\": hard link to the layer's root");
        }
        Path targetDir = tree.directory(targetComponents.subList(0, targetComponents.size() - 1), false, name);
        Path target = targetDir.resolve(targetComponents.get(targetComponents.size() - 1));
        BasicFileAttributes targetAttributes = ScopedTree.attributes(target);
        if (targetAttributes == null) {
            throw new LayerContentException("layer entry \"" + name + "\": hard link target \"" + entry.getLinkName()
                    + "\" is not in the layer");
        }
        if (targetAttributes.isDirectory()) {
            throw new LayerContentException("layer entry \"" + name + "\": hard link to a directory");
        }
        if (existing != null && existing.fileKey() != null && existing.fileKey().equals(targetAttributes.fileKey())) {
            return; // already that file
        }
        remove(path, existing);
        Files.createLink(path, target);
    }

    private void specialFile(TarArchiveEntry entry, Path path, BasicFileAttributes existing,
            Map<String, byte[]> rawXattrs) throws IOException {
        if (specialFiles == SpecialFiles.REFUSE) {
            throw new LayerContentException("layer entry \"" + entry.getName() + "\": device nodes and fifos are"
                    + " refused here");
        }
        NodeType type = entry.isFIFO() ? NodeType.FIFO
                : entry.isCharacterDevice() ? NodeType.CHARACTER_DEVICE : NodeType.BLOCK_DEVICE;
        remove(path, existing);
        calls.deviceNodes().mknod(path, type, 0600, new DeviceNumber(entry.getDevMajor(), entry.getDevMinor()));
        metadata.apply(path, entry, EntryXattrs.of(entry, rawXattrs), false);
    }

    private void remove(Path path, BasicFileAttributes existing) throws IOException {
        if (existing == null) {
            return;
        }
        tree.forget(path);
        if (existing.isDirectory()) {
            FileTrees.delete(path);
        } else {
            Files.delete(path);
        }
    }

    private void wrote(Path path) {
        Path relative = tree.root().relativize(path);
        written.add(relative);
        noteAncestors(relative);
    }

    private void noteAncestors(Path relative) {
        for (Path p = relative.getParent(); p != null && ancestors.add(p); p = p.getParent()) {
            // each ancestor once
        }
    }

    private boolean ofThisLayer(Path relative) {
        return relative.toString().isEmpty() || written.contains(relative) || ancestors.contains(relative);
    }

    /** Applies whiteouts and opaque directories, then the times of directories, deepest first. */
    void finish() throws IOException {
        Path root = tree.root();
        for (Path relative : hidden) {
            Path path = root.resolve(relative);
            if (ofThisLayer(relative)) {
                // a whiteout of this layer's own entry hides only what lower layers had under it
                if (tree.reachableWithoutLinks(path) && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    opaque.add(relative);
                }
            } else if (tree.reachableWithoutLinks(path.getParent())
                    && Files.isDirectory(path.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                whiteouts.hide(path);
            }
        }
        for (Path relative : opaque) {
            Path dir = root.resolve(relative);
            if (tree.reachableWithoutLinks(dir) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                whiteouts.makeOpaque(dir, p -> ofThisLayer(root.relativize(p)));
            }
        }
        List<Path> dirs = new ArrayList<>(directories.keySet());
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path dir : dirs) {
            if (tree.reachableWithoutLinks(dir) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                metadata.applyTimes(dir, directories.get(dir));
            }
        }
    }
}
