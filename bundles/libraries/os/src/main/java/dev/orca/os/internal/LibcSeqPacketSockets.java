package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.orca.os.SeqPacketSocket;
import dev.orca.os.SeqPacketSockets;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/**
 * socket(2) and connect(2) through libc. A path too long for {@code sun_path} (108 bytes) is reached through its
 * directory opened with {@code O_PATH}, as {@code /proc/self/fd/N/NAME}, the way conmon binds its sockets.
 */
@Component(service = SeqPacketSockets.class)
public final class LibcSeqPacketSockets implements SeqPacketSockets {

    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH = 108;
    private static final int EINPROGRESS = 115;

    @Override
    public SeqPacketSocket connect(Path socket) throws IOException {
        Descriptors libc = Descriptors.instance();
        int dir = -1;
        int fd;
        try {
            fd = libc.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("socket(AF_UNIX, SOCK_SEQPACKET)", e);
        }
        try {
            byte[] name = NativeStrings.path(socket);
            if (name.length > SUN_PATH) {
                dir = libc.open(NativeStrings.path(socket.getParent()), Descriptors.O_PATH | Descriptors.O_DIRECTORY
                        | Descriptors.O_CLOEXEC);
                name = NativeStrings.path(Path.of("/proc/self/fd/" + dir).resolve(socket.getFileName()));
            }
            Memory address = new Memory(2 + SUN_PATH);
            address.clear();
            address.setShort(0, (short) AF_UNIX);
            address.write(2, name, 0, name.length);
            try {
                libc.connect(fd, address, 2 + name.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINPROGRESS && e.getErrorCode() != Descriptors.EAGAIN) {
                    throw e;
                }
            }
            return new LibcSeqPacketSocket(new PolledDescriptor(fd, "socket " + socket));
        } catch (LastErrorException e) {
            libc.close(fd);
            throw NativeStrings.failure("connect(" + socket + ")", e);
        } finally {
            if (dir >= 0) {
                libc.close(dir);
            }
        }
    }

}
