package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** Written to a temporary file and renamed, so a crash leaves the old or the new times, never half. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
