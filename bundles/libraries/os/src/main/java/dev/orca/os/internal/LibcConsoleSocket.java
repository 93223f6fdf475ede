package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.orca.os.ConsoleSocket;
import dev.orca.os.PseudoTerminal;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A listening unix stream socket that takes one connection and one {@code SCM_RIGHTS} message from it: socket(2),
 * bind(2), listen(2), accept4(2) and recvmsg(2) through libc, each wait a poll(2); the path as {@link UnixAddress}
 * makes it.
 */
final class LibcConsoleSocket implements ConsoleSocket {

    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    /** struct msghdr on x86-64 and arm64: name, namelen (padded), iov, iovlen, control, controllen, flags. */
    private static final int MSGHDR_SIZE = 56;
    private static final int CONTROL_SIZE = 64;

    private final Path path;
    private final int fd;
    private volatile boolean closed;

    private LibcConsoleSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    static ConsoleSocket bind(Path path) throws IOException {
        Descriptors libc = Descriptors.instance();
        int fd;
        try {
            fd = libc.socket(UnixAddress.AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("socket(AF_UNIX, SOCK_STREAM)", e);
        }
        try (UnixAddress address = UnixAddress.of(path)) {
            libc.bind(fd, address.address(), address.length());
            libc.listen(fd, 1);
            return new LibcConsoleSocket(path, fd);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw NativeStrings.failure("bind(" + path + ")", e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public PseudoTerminal receive(Duration timeout, BooleanSupplier senderAlive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Descriptors libc = Descriptors.instance();
        await(fd, deadline, "a connection", senderAlive);
        int connection;
        try {
            connection = libc.accept4(fd, Pointer.NULL, Pointer.NULL, SOCK_CLOEXEC);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("accept4(" + path + ")", e);
        }
        try {
            await(connection, deadline, "the terminal", senderAlive);
            int master = receiveDescriptor(libc, connection);
            try {
                int flags = libc.fcntl(master, F_GETFL, 0);
                libc.fcntl(master, F_SETFL, flags | Descriptors.O_NONBLOCK);
                return LibcPseudoTerminal.received(master, nameOf(libc, master));
            } catch (LastErrorException e) {
                libc.close(master);
                throw NativeStrings.failure("fcntl(terminal from " + path + ")", e);
            }
        } finally {
            libc.close(connection);
        }
    }

    /** recvmsg(2) of one message, and the first descriptor its SCM_RIGHTS control message carries. */
    private int receiveDescriptor(Descriptors libc, int connection) throws IOException {
        Memory data = new Memory(4096);
        Memory iov = new Memory(16);
        iov.setPointer(0, data);
        iov.setLong(8, data.size());
        Memory control = new Memory(CONTROL_SIZE);
        control.clear();
        Memory message = new Memory(MSGHDR_SIZE);
        message.clear();
        message.setPointer(16, iov);
        message.setLong(24, 1);
        message.setPointer(32, control);
        message.setLong(40, CONTROL_SIZE);
        long received;
        try {
            received = libc.recvmsg(connection, message, MSG_CMSG_CLOEXEC).longValue();
        } catch (LastErrorException e) {
            throw NativeStrings.failure("recvmsg(" + path + ")", e);
        }
        long controlLength = message.getLong(40);
        if (controlLength >= 20 && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_RIGHTS) {
            return control.getInt(16);
        }
        throw new IOException("the message on console socket " + path + " (" + received + " bytes) carried no "
                + "terminal");
    }

    private static Path nameOf(Descriptors libc, int master) {
        byte[] name = new byte[128];
        if (libc.ptsname_r(master, name, new NativeLong(name.length)) != 0) {
            return Path.of("/dev/pts/?");
        }
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        return Path.of(new String(name, 0, length, StandardCharsets.US_ASCII));
    }

    private void await(int descriptor, long deadline, String what, BooleanSupplier senderAlive) throws IOException {
        boolean lastLook = false;
        while (true) {
            if (closed) {
                throw new IOException("console socket " + path + " was closed");
            }
            if (lastLook) {
                throw new IOException("the runtime ended without sending " + what + " on console socket " + path);
            }
            lastLook = !senderAlive.getAsBoolean(); // one more look: it may have sent it just before it ended
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no runtime sent " + what + " on console socket " + path + " in time");
            }
            int millis = lastLook ? 0 : (int) Math.max(1, Math.min(100, left / 1_000_000));
            try {
                if (Descriptors.ready(descriptor, Descriptors.POLLIN, millis)) {
                    return;
                }
            } catch (LastErrorException e) {
                throw new SystemCallException("poll(" + path + ")", e.getErrorCode(), "waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Descriptors.instance().close(fd);
        } catch (LastErrorException e) {
            // nothing more can be done with it
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a socket file left in a folder its owner deletes
        }
    }
}
