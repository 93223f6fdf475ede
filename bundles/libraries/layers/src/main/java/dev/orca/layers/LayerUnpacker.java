package dev.orca.layers;

import dev.orca.layers.internal.DigestingInputStream;
import dev.orca.layers.internal.TarExtraction;
import dev.orca.os.FileCalls;
import dev.orca.spi.LayerContentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Extracts an uncompressed layer tar into a directory, so that no entry writes outside it: absolute names and
 * {@code ..} are refused, every path is resolved component by component (a symbolic link is followed only while it
 * stays inside the directory; absolute or escaping ones are refused), and every entry is created and dressed
 * without following a link. Owners, modes (setuid, setgid, sticky included), extended attributes and times are
 * kept; whiteouts are handed to the {@link WhiteoutTreatment}. The sha256 of the stream's bytes is computed as they
 * pass, and the stream is read to its end (tar padding included).
 *
 * <p>A refused entry fails the extraction with a {@link LayerContentException} naming it; what was extracted until
 * then stays in the directory, for the caller to discard (extract into a staging directory).
 */
public final class LayerUnpacker {

    private final FileCalls calls;
    private final WhiteoutTreatment whiteouts;
    private final SpecialFiles specialFiles;

    public LayerUnpacker(FileCalls calls, WhiteoutTreatment whiteouts, SpecialFiles specialFiles) {
        this.calls = calls;
        this.whiteouts = whiteouts;
        this.specialFiles = specialFiles;
    }

    /**
     * Applies the tar to {@code directory} (which must exist), on top of what it holds.
     *
     * @throws LayerContentException an entry is refused or the tar is malformed
     * @throws IOException reading the stream or writing the directory failed
     */
    public UnpackedLayer unpack(InputStream tar, Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot extract a layer into " + directory + ": not a directory");
        }
        DigestingInputStream digesting = new DigestingInputStream(tar);
        long entries = new TarExtraction(directory.toRealPath(), calls, whiteouts, specialFiles).run(digesting);
        digesting.drain();
        return new UnpackedLayer(digesting.digest(), digesting.count(), entries);
    }

    /** Reads a layer stream to its end without extracting it; returns its diff ID ({@code sha256:<hex>}). */
    public static String digest(InputStream tar) throws IOException {
        DigestingInputStream digesting = new DigestingInputStream(tar);
        digesting.drain();
        return digesting.digest();
    }
}
