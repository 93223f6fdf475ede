package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.SeqPacketSocket;
import java.io.IOException;

/** A connected seqpacket socket, read and written through poll(2) so that close is prompt and safe. */
final class LibcSeqPacketSocket implements SeqPacketSocket {

    private static final int SHUT_WR = 1;

    private final PolledDescriptor socket;

    LibcSeqPacketSocket(PolledDescriptor socket) {
        this.socket = socket;
    }

    @Override
    public int receive(byte[] buffer) throws IOException {
        while (true) {
            int n = socket.read(buffer, 0, buffer.length, 1000);
            if (n != PolledDescriptor.NOTHING_YET) {
                return n;
            }
        }
    }

    @Override
    public void send(byte[] data, int offset, int length) throws IOException {
        socket.write(data, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.with(fd -> {
            try {
                return Descriptors.instance().shutdown(fd, SHUT_WR);
            } catch (LastErrorException e) {
                throw NativeStrings.failure("shutdown(SHUT_WR)", e);
            }
        });
    }

    @Override
    public void close() {
        socket.close();
    }
}
