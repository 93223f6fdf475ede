package dev.orca.runtime.oci.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How a container ended: conmon's exit file (the exit code, 128+signal for a killed process), or, when its conmon was
 * gone by then, Orca's own note of the moment it saw the runtime say stopped ({@code monitorLost}: the code is
 * unknown, since only the container's parent could have read it).
 */
record ExitRecord(int exitCode, Instant at, boolean monitorLost) {

    ExitRecord(int exitCode, Instant at) {
        this(exitCode, at, false);
    }

    /** The end noted in {@code file} (its time is the file's), or empty while there is none. */
    static Optional<ExitRecord> readNote(Path file) throws IOException {
        try {
            return Optional.of(new ExitRecord(-1, Files.getLastModifiedTime(file).toInstant(), true));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

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
