package dev.orca.runtime.oci.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** conmon's exit file: the exit code (128+signal for a killed process); written when the container ended. */
record ExitRecord(int exitCode, Instant at) {

    /** The exit in {@code file}, or empty while there is none (or conmon is still writing it). */
    static Optional<ExitRecord> read(Path file) throws IOException {
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ExitRecord(Integer.parseInt(text), Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new IOException("exit file " + file + " does not hold an exit code", e);
        }
    }
}
