package dev.orca.layers.testing;

import dev.orca.os.DeviceNodes;
import dev.orca.os.DeviceNumber;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.FileCalls;
import dev.orca.os.FileTimes;
import dev.orca.os.NodeType;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File calls without the kernel's special powers: a "device node" is an empty regular file remembered (by path) with
 * its type and number, extended attributes live in a map by inode (so they follow a rename, as real ones do), times
 * are set through the JDK (on the entry itself).
 */
public final class FakeFileCalls {

    public record Node(NodeType type, DeviceNumber number) {
    }

    public final Map<Path, Node> nodes = new ConcurrentHashMap<>();
    public final Map<Object, Map<String, byte[]>> xattrs = new ConcurrentHashMap<>();

    public FileCalls calls() {
        return new FileCalls(new Nodes(), new Xattrs(), new Times());
    }

    public Optional<byte[]> xattr(Path path, String name) throws IOException {
        return Optional.ofNullable(xattrs.getOrDefault(inode(path), Map.of()).get(name));
    }

    /** Whether any attribute was set on the file. */
    public boolean hasXattrs(Path path) throws IOException {
        return !xattrs.getOrDefault(inode(path), Map.of()).isEmpty();
    }

    static Object inode(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private final class Nodes implements DeviceNodes {
        @Override
        public void mknod(Path path, NodeType type, int permissions, DeviceNumber device) throws IOException {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            Files.createFile(path);
            nodes.put(path, new Node(type, device));
        }
    }

    private final class Xattrs implements ExtendedAttributes {
        @Override
        public void set(Path path, String name, byte[] value) throws IOException {
            exists(path, "lsetxattr");
            xattrs.computeIfAbsent(inode(path), p -> new ConcurrentHashMap<>()).put(name, value.clone());
        }

        @Override
        public Optional<byte[]> get(Path path, String name) throws IOException {
            exists(path, "lgetxattr");
            return xattr(path, name);
        }

        @Override
        public List<String> list(Path path) throws IOException {
            exists(path, "llistxattr");
            return new ArrayList<>(xattrs.getOrDefault(inode(path), Map.of()).keySet());
        }

        @Override
        public void remove(Path path, String name) throws IOException {
            exists(path, "lremovexattr");
            xattrs.getOrDefault(inode(path), new ConcurrentHashMap<>()).remove(name);
        }

        private void exists(Path path, String call) throws SystemCallException {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new SystemCallException(call + "(" + path + ")", SystemCallException.ENOENT,
                        "No such file or directory");
            }
        }
    }

    private static final class Times implements FileTimes {
        @Override
        public void set(Path path, FileTime access, FileTime modification) throws IOException {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modification, access, null);
        }
    }
}
