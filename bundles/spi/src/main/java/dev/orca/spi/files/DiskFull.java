package dev.orca.spi.files;

import java.nio.file.FileSystemException;
import java.util.List;

/**
 * Whether a failure was a disk running full (ENOSPC, or EDQUOT for a quota), so that it is told as such
 * (RESOURCE_EXHAUSTED) rather than as an internal error. The JDK has no exception type for it: it puts the C
 * library's words in the message, or in a {@link FileSystemException}'s reason.
 */
public final class DiskFull {

    private static final List<String> SAID = List.of("No space left on device", "Disk quota exceeded");

    private DiskFull() {
    }

    /** Whether ENOSPC or EDQUOT is among the failure's causes, or among what they suppressed. */
    public static boolean among(Throwable failure) {
        return among(failure, 0);
    }

    private static boolean among(Throwable e, int depth) {
        if (e == null || depth > 16) {
            return false;
        }
        String said = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (said != null && SAID.stream().anyMatch(said::contains)) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (among(suppressed, depth + 1)) {
                return true;
            }
        }
        return among(e.getCause(), depth + 1);
    }
}
