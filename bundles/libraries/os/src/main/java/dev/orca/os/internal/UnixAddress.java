package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.file.Path;

/**
 * A {@code sockaddr_un} for a socket path. A path too long for {@code sun_path} (108 bytes) is reached through its
 * directory opened with {@code O_PATH}, as {@code /proc/self/fd/N/NAME}, the way conmon binds its sockets; that
 * directory stays open until {@link #close()}, after the bind(2) or connect(2).
 */
final class UnixAddress implements AutoCloseable {

    static final int AF_UNIX = 1;
    private static final int SUN_PATH = 108;

    private final Memory address;
    private final int length;
    private final int dir;

    private UnixAddress(Memory address, int length, int dir) {
        this.address = address;
        this.length = length;
        this.dir = dir;
    }

    static UnixAddress of(Path socket) throws LastErrorException {
        int dir = -1;
        byte[] name = NativeStrings.path(socket);
        if (name.length >= SUN_PATH) {
            dir = Descriptors.instance().open(NativeStrings.path(socket.getParent()), Descriptors.O_PATH
                    | Descriptors.O_DIRECTORY | Descriptors.O_CLOEXEC);
            name = NativeStrings.path(Path.of("/proc/self/fd/" + dir).resolve(socket.getFileName()));
        }
        Memory address = new Memory(2 + SUN_PATH);
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        address.write(2, name, 0, name.length);
        return new UnixAddress(address, 2 + name.length, dir);
    }

    Memory address() {
        return address;
    }

    int length() {
        return length;
    }

    @Override
    public void close() {
        if (dir >= 0) {
            Descriptors.instance().close(dir);
        }
    }
}
