package dev.orca.image.internal.pull;

import dev.orca.image.internal.manifest.MediaTypes.Compression;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a layer blob, downloaded or arriving, as its uncompressed tar stream. */
final class Decompression {

    private static final int BUFFER = 128 * 1024;

    private Decompression() {
    }

    static InputStream open(Path blob, Compression compression) throws IOException {
        return open(Files.newInputStream(blob), compression);
    }

    /** Closing what this returns closes {@code blob}, as does a failure to open it. */
    static InputStream open(InputStream blob, Compression compression) throws IOException {
        InputStream raw = new BufferedInputStream(blob, BUFFER);
        try {
            return switch (compression) {
                case NONE -> raw;
                case GZIP -> new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
                case ZSTD -> new BufferedInputStream(new ZstdInputStream(raw), BUFFER);
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
