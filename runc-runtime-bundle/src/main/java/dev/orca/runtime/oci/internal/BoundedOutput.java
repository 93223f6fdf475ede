package dev.orca.runtime.oci.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end keeping at most {@code limit} bytes; the rest is read and dropped, never buffered. */
final class BoundedOutput {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private volatile boolean truncated;

    BoundedOutput(int limit) {
        this.limit = Math.max(0, limit);
    }

    /** Reads {@code in} until end of stream (or until it is closed under us). */
    BoundedOutput drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int room;
                synchronized (kept) {
                    room = limit - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
                if (n > room) {
                    truncated = true;
                }
            }
        } catch (IOException e) {
            // the stream was closed because the process was killed: keep what arrived
        }
        return this;
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    boolean truncated() {
        return truncated;
    }
}
