package dev.orca.streaming.internal;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The streams of an exec or attach client, whatever carries them (SPDY streams or WebSocket channels). Closing an
 * output stream tells the client it ends.
 */
interface ClientStreams {

    /** Null when the client sends no stdin. */
    InputStream stdin();

    /** Null when the client did not ask for it. */
    OutputStream stdout();

    /** Null when the client did not ask for it (always with a terminal). */
    OutputStream stderr();

    /** Null when the client sends no sizes. */
    InputStream resize();

    /** Writes the status (may be empty) on the error stream, then ends the connection. */
    void finish(byte[] status);

    /** Runs {@code action} when the client goes away before {@link #finish}; at once if it has gone already. */
    void onVanish(Runnable action);
}
