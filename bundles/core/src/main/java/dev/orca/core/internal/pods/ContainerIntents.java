package dev.orca.core.internal.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Containers being made: before CreateContainer makes anything (root filesystem, runtime container, monitor), it
 * writes {@code <root>/creating/<id>} with the handler's name, and deletes it once the container is recorded or taken
 * apart again. A daemon killed in between leaves the file, and the recovery sweep removes what was made.
 */
public final class ContainerIntents {

    private final Path dir;

    ContainerIntents(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public void begin(String containerId, String handler) throws IOException {
        Files.writeString(dir.resolve(containerId), handler, StandardCharsets.UTF_8);
    }

    public void end(String containerId) throws IOException {
        Files.deleteIfExists(dir.resolve(containerId));
    }

    /** The containers begun and not ended, each with its handler's name. */
    public Map<String, String> begun() throws IOException {
        Map<String, String> begun = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                begun.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        }
        return begun;
    }
}
