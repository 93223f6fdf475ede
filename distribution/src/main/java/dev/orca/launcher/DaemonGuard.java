package dev.orca.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second daemon off a node's state and socket, before the framework (whose cache lives in the state root)
 * is touched: one daemon per state root, held by a lock file with the holder's pid; and no start on a socket that
 * somebody answers on. The lock goes with the process, so a daemon killed with -9 leaves nothing that blocks the
 * next start.
 */
final class DaemonGuard implements AutoCloseable {

    private final FileChannel lockFile;
    private final FileLock lock;

    private DaemonGuard(FileChannel lockFile, FileLock lock) {
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static DaemonGuard acquire(Path root, Path socket) throws IOException {
        Files.createDirectories(root);
        Path lockPath = root.resolve("orca.lock");
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = Files.readString(lockPath, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IOException("another Orca (pid " + (holder.isEmpty() ? "?" : holder) + ") is running with state "
                    + "root " + root + "; stop it first");
        }
        if (answers(socket)) {
            channel.close();
            throw new IOException("another process is already serving on " + socket
                    + " (is Orca running?); stop it first, or choose another socket");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new DaemonGuard(channel, lock);
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockFile.close();
    }
}
