package dev.orca.storage.vfs.internal;

import dev.orca.os.DeviceNumber;
import dev.orca.os.FileCalls;
import dev.orca.os.NodeType;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a directory tree exactly: owners, modes (setuid, setgid, sticky), extended attributes, times (directories'
 * after their content), symbolic links as links, hard links as hard links within the copy, device nodes and fifos
 * as such. Nothing is followed. Sockets are left out (a socket file is meaningless without its process).
 */
final class TreeCopy {

    private static final Logger LOG = LoggerFactory.getLogger(TreeCopy.class);
    private static final String UNIX = "unix:mode,uid,gid,nlink,rdev,ino,dev,lastAccessTime,lastModifiedTime";

    private final FileCalls calls;

    TreeCopy(FileCalls calls) {
        this.calls = calls;
    }

    /** Copies the directory {@code from} to {@code to}, which must not exist. */
    void copy(Path from, Path to) throws IOException {
        Map<String, Path> copiedInodes = new HashMap<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectory(target(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                copyEntry(file, target(file), attrs, copiedInodes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                dress(dir, target(dir), Files.readAttributes(dir, UNIX, LinkOption.NOFOLLOW_LINKS), false);
                return FileVisitResult.CONTINUE;
            }

            private Path target(Path source) {
                return to.resolve(from.relativize(source).toString());
            }
        });
    }

    private void copyEntry(Path file, Path target, BasicFileAttributes attrs, Map<String, Path> copiedInodes)
            throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, UNIX, LinkOption.NOFOLLOW_LINKS);
        String inode = unix.get("dev") + ":" + unix.get("ino");
        boolean linked = (Integer) unix.get("nlink") > 1 && !attrs.isDirectory();
        if (linked && copiedInodes.containsKey(inode)) {
            Files.createLink(target, copiedInodes.get(inode));
            return;
        }
        if (attrs.isSymbolicLink()) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
            Files.copy(file, target, LinkOption.NOFOLLOW_LINKS);
        } else {
            Optional<NodeType> type = NodeType.ofMode((Integer) unix.get("mode"));
            if (type.isEmpty()) {
                LOG.debug("not copying {}: a socket", file);
                return;
            }
            calls.deviceNodes().mknod(target, type.get(), 0600, DeviceNumber.decode((Long) unix.get("rdev")));
        }
        dress(file, target, unix, attrs.isSymbolicLink());
        if (linked) {
            copiedInodes.put(inode, target);
        }
    }

    /** Owner, then mode (chown clears setuid), then attributes (capabilities too), then times. */
    private void dress(Path source, Path target, Map<String, Object> unix, boolean symlink) throws IOException {
        Files.setAttribute(target, "unix:uid", unix.get("uid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", unix.get("gid"), LinkOption.NOFOLLOW_LINKS);
        if (!symlink) {
            // chmod(2) on the path: the target is no link, and unlike the NOFOLLOW variant this does not open it
            Files.setAttribute(target, "unix:mode", (Integer) unix.get("mode") & 07777);
        }
        for (String name : calls.extendedAttributes().list(source)) {
            Optional<byte[]> value = calls.extendedAttributes().get(source, name);
            if (value.isPresent()) {
                try {
                    calls.extendedAttributes().set(target, name, value.get());
                } catch (SystemCallException e) {
                    if (e.errno() != SystemCallException.EOPNOTSUPP) {
                        throw e;
                    }
                    LOG.warn("attribute {} of {} not copied: {}", name, source, e.getMessage());
                }
            }
        }
        calls.fileTimes().set(target, (FileTime) unix.get("lastAccessTime"), (FileTime) unix.get("lastModifiedTime"));
    }
}
