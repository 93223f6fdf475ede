package dev.orca.image.internal.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Where a {@link Transfer} puts a response body's bytes; one that fills up makes the transfer wait for it. */
interface TransferSink {

    /** Takes every remaining byte of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Whether it takes more now; when not, {@code resume} runs once it does (on the thread that made room), and the
     * transfer asks the registry for nothing until then.
     */
    default boolean hasRoom(Runnable resume) {
        return true;
    }

    /** A channel that takes whatever it is given, blocking if it must (a file, a byte array). */
    static TransferSink of(WritableByteChannel channel) {
        return bytes -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        };
    }
}
