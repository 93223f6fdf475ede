package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * When a container was created and started, kept in its bundle so that the times survive an Orca restart (the
 * finish time is the exit file's). Instants are stored as ISO-8601 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ContainerTimes(String created, String started) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ContainerTimes createdNow() {
        return new ContainerTimes(Instant.now().toString(), null);
    }

    ContainerTimes startedNow() {
        return new ContainerTimes(created, Instant.now().toString());
    }

    Instant createdAt() {
        return created == null ? null : Instant.parse(created);
    }

    Instant startedAt() {
        return started == null ? null : Instant.parse(started);
    }

    /** Replaced whole, so a crash or a full disk leaves the old or the new times, never half. */
    void write(Path file) throws IOException {
        StateFiles.replaceUnflushed(file, JSON.writeValueAsBytes(this));
    }

    /** The times in {@code file}, or none when it is missing or unreadable. */
    static ContainerTimes read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ContainerTimes.class);
        } catch (IOException e) {
            return new ContainerTimes(null, null);
        }
    }
}
