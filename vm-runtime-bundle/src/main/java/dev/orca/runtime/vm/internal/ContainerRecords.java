package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.NOT_FOUND;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the VM handler keeps of each container on disk, under {@code <run root>/containers/<id>/}: its record
 * ({@code record.json}) and the OCI spec it was created from ({@code config.json}), so a new handler instance finds
 * them again.
 */
final class ContainerRecords {

    static final ObjectMapper SPEC_JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path root;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ContainerRecords(Path runRoot) {
        this.root = runRoot.resolve("containers");
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    boolean exists(String id) {
        return id != null && id.matches("[A-Za-z0-9_.-]+") && Files.exists(dir(id));
    }

    /** Writes a new container's spec and record. */
    void create(ContainerRecord record, OciSpec spec) throws IOException {
        Files.createDirectories(dir(record.id()));
        StateFiles.replaceUnflushed(dir(record.id()).resolve("config.json"), SPEC_JSON.writeValueAsBytes(spec));
        write(record);
    }

    void write(ContainerRecord record) throws IOException {
        record.write(recordFile(record.id()));
    }

    ContainerRecord read(String id) throws RuntimeHandlerException {
        if (id == null || !id.matches("[A-Za-z0-9_.-]+") || !Files.isRegularFile(recordFile(id))) {
            throw new RuntimeHandlerException(NOT_FOUND, "container " + id + " is not known to this handler");
        }
        try {
            return ContainerRecord.read(recordFile(id));
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": its record is unreadable: "
                    + e.getMessage(), e);
        }
    }

    OciSpec spec(String id) throws RuntimeHandlerException {
        try {
            return SPEC_JSON.readValue(dir(id).resolve("config.json").toFile(), OciSpec.class);
        } catch (IOException e) {
            throw new RuntimeHandlerException(NOT_FOUND, "container " + id + ": its spec is unreadable: "
                    + e.getMessage(), e);
        }
    }

    /** The spec as written at create, for inspection. */
    String specText(String id) throws IOException {
        return Files.readString(dir(id).resolve("config.json"));
    }

    /** Changes the record as it is now (the exit listener and the calls change it at the same time). */
    ContainerRecord update(String id, UnaryOperator<ContainerRecord> change) throws RuntimeHandlerException {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            ContainerRecord changed = change.apply(read(id));
            try {
                changed.write(recordFile(id));
            } catch (IOException e) {
                throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot write its record: "
                        + e.getMessage(), e);
            }
            return changed;
        }
    }

    /** The records of a pod's containers that have not exited. */
    List<ContainerRecord> liveOf(String sandboxId) throws IOException {
        List<ContainerRecord> live = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return live;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path file = dir.resolve("record.json");
                if (Files.isRegularFile(file)) {
                    ContainerRecord record = ContainerRecord.read(file);
                    if (record.sandboxId().equals(sandboxId) && !record.exited()) {
                        live.add(record);
                    }
                }
            }
        }
        return live;
    }

    void forget(String id) {
        locks.remove(id);
    }

    private Path recordFile(String id) {
        return dir(id).resolve("record.json");
    }
}
