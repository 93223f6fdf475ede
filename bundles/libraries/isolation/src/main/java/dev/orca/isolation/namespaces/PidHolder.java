package dev.orca.isolation.namespaces;

import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The record of a PID namespace's holder (the {@code unshare} process) and init (its child), each with its start
 * time so that a pid reused by another process after a restart is not killed. Written as one line,
 * {@code holderPid holderStart initPid initStart}; 0 where not known yet.
 */
record PidHolder(long holderPid, long holderStart, long initPid, long initStart) {

    void write(Path dir) throws IOException {
        StateFiles.replaceUnflushed(dir.resolve(PodNamespaces.HOLDER_FILE), (holderPid + " " + holderStart + " " + initPid
                + " " + initStart + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<PidHolder> read(Path dir) throws IOException {
        Path file = dir.resolve(PodNamespaces.HOLDER_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
        try {
            return Optional.of(new PidHolder(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]), Long.parseLong(fields[3])));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a PID namespace holder record: " + String.join(" ", fields), e);
        }
    }
}
