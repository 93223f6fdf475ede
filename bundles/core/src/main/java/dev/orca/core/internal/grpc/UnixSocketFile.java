package dev.orca.core.internal.grpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file of a listening unix socket: made ready before the bind (parent directory, stale socket removed, a live
 * one refused) and restricted after it.
 */
final class UnixSocketFile {

    static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");

    private final Path path;

    UnixSocketFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /**
     * Creates the parent directory and clears the way for a bind: a socket nobody listens on (left by a process
     * that died) is removed; a socket somebody answers on, or a file that is no socket, is refused.
     */
    void prepareForBind() throws IOException {
        Files.createDirectories(path.getParent());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket()) {
            throw new IOException(path + " exists and is not a socket; refusing to replace it");
        }
        if (answers()) {
            throw new SocketInUseException(path);
        }
        Files.delete(path);
    }

    /** Gives the bound socket mode 0660, so that only root (and root's group) can connect. */
    void restrict() throws IOException {
        Files.setPosixFilePermissions(path, OWNER_AND_GROUP);
    }

    void deleteIfExists() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Nothing to undo: the next start replaces a stale socket.
        }
    }

    private boolean isSocket() throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000;
    }

    private boolean answers() {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Another live process serves on the socket. */
    static final class SocketInUseException extends IOException {
        SocketInUseException(Path path) {
            super("another process is already serving on " + path
                    + " (is Orca running?); stop it first, or configure another socket");
        }
    }
}
