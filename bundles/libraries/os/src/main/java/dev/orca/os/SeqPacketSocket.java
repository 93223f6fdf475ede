package dev.orca.os;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A connected unix socket of type {@code SOCK_SEQPACKET}: message boundaries are kept, each receive returns one
 * message. conmon's attach socket is one.
 */
@ProviderType
public interface SeqPacketSocket extends AutoCloseable {

    /** Receives one message into {@code buffer}; returns its length, or -1 at end-of-file (or after close). */
    int receive(byte[] buffer) throws IOException;

    /** Sends {@code length} bytes of {@code data} as one message. */
    void send(byte[] data, int offset, int length) throws IOException;

    /** Tells the peer no more messages come (shutdown(SHUT_WR)). */
    void shutdownOutput() throws IOException;

    /** Closes the socket; a thread blocked in {@link #receive} returns -1. */
    @Override
    void close();
}
