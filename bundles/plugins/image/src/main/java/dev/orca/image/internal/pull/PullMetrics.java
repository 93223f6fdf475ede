package dev.orca.image.internal.pull;

/** What a pull tells the image store's metrics as it brings layers in. */
public interface PullMetrics {

    /** A layer blob was downloaded, of this many bytes (as the registry sent it). */
    void downloaded(long layerBytes);

    /** A layer was already stored, and not downloaded. */
    void reused();
}
