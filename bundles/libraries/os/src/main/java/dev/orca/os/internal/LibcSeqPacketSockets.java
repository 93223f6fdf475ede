package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.SeqPacketSocket;
import dev.orca.os.SeqPacketSockets;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/** socket(2) and connect(2) through libc, to the path as {@link UnixAddress} makes it (a long one too). */
@Component(service = SeqPacketSockets.class)
public final class LibcSeqPacketSockets implements SeqPacketSockets {

    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int EINPROGRESS = 115;

    @Override
    public SeqPacketSocket connect(Path socket) throws IOException {
        Descriptors libc = Descriptors.instance();
        int fd;
        try {
            fd = libc.socket(UnixAddress.AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("socket(AF_UNIX, SOCK_SEQPACKET)", e);
        }
        try (UnixAddress address = UnixAddress.of(socket)) {
            try {
                libc.connect(fd, address.address(), address.length());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINPROGRESS && e.getErrorCode() != Descriptors.EAGAIN) {
                    throw e;
                }
            }
            return new LibcSeqPacketSocket(new PolledDescriptor(fd, "socket " + socket));
        } catch (LastErrorException e) {
            libc.close(fd);
            throw NativeStrings.failure("connect(" + socket + ")", e);
        }
    }

}
