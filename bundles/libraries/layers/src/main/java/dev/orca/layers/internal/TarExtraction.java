package dev.orca.layers.internal;

import dev.orca.layers.SpecialFiles;
import dev.orca.layers.WhiteoutTreatment;
import dev.orca.os.FileCalls;
import dev.orca.spi.LayerContentException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Reads a tar's entries and applies each; tells a malformed tar from a failing stream or a failing disk. */
public final class TarExtraction {

    /** The JDK's reason for ENAMETOOLONG (strerror). */
    private static final String NAME_TOO_LONG = "File name too long";

    private final Path root;
    private final Extraction extraction;

    /** @param root the real path of the directory to extract into */
    public TarExtraction(Path root, FileCalls calls, WhiteoutTreatment whiteouts, SpecialFiles specialFiles) {
        this.root = root;
        this.extraction = new Extraction(root, calls, whiteouts, specialFiles);
    }

    /** Extracts every entry of the tar {@code in} carries; returns how many. Leaves {@code in} after the tar's end. */
    public long run(DigestingInputStream in) throws IOException {
        RawPaxTarInputStream tar = new RawPaxTarInputStream(in);
        while (true) {
            TarArchiveEntry entry = next(tar, in);
            if (entry == null) {
                break;
            }
            try {
                extraction.apply(entry, tar, tar.rawXattrs());
            } catch (IOException | IllegalArgumentException e) {
                throw classified(entry, e, in);
            }
        }
        extraction.finish();
        return extraction.entries();
    }

    private IOException classified(TarArchiveEntry entry, Exception e, DigestingInputStream in) {
        if (in.sourceFailure() != null) {
            return in.sourceFailure();
        }
        if (e instanceof LayerContentException refused) {
            return refused;
        }
        if (e instanceof FileSystemException fs && NAME_TOO_LONG.equals(fs.getReason())) {
            // ENAMETOOLONG: a name component over 255 bytes, or a path over the kernel's 4096; the layer's fault
            return new LayerContentException("layer entry \"" + entry.getName() + "\": its name is too long for"
                    + " this file system", e);
        }
        if (e instanceof IllegalArgumentException) {
            return new LayerContentException("layer entry \"" + entry.getName() + "\": " + e.getMessage(), e);
        }
        return new IOException("layer entry \"" + entry.getName() + "\" could not be written into " + root + ": "
                + e, e);
    }

    private TarArchiveEntry next(RawPaxTarInputStream tar, DigestingInputStream in) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            if (in.sourceFailure() != null) {
                throw in.sourceFailure();
            }
            throw new LayerContentException("layer tar is malformed after " + extraction.entries() + " entries: "
                    + e.getMessage(), e);
        }
    }
}
