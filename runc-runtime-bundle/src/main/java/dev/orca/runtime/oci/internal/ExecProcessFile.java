package dev.orca.runtime.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process.json of an exec: the container's own process (user, groups, environment, working directory,
 * capabilities, rlimits, no_new_privs, profiles) with the exec's command line, as containerd and CRI-O hand it to
 * the runtime. Without it runc takes the container's user and crun takes root, so an exec would run as another user
 * depending on the handler.
 */
final class ExecProcessFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecProcessFile() {
    }

    /** The process file that goes with an exec's pid file ({@code exec-7.pid} → {@code exec-7.process.json}). */
    static Path beside(Path pidFile) {
        String name = pidFile.getFileName().toString();
        String stem = name.endsWith(".pid") ? name.substring(0, name.length() - 4) : name;
        return pidFile.resolveSibling(stem + ".process.json");
    }

    /**
     * Writes the process of the container whose spec is {@code config}, running {@code commandLine}, with or
     * without a terminal, to {@code target}.
     *
     * @throws IOException when the container's config.json cannot be read or has no process
     */
    static Path write(Path config, Path target, List<String> commandLine, boolean terminal) throws IOException {
        JsonNode process = JSON.readTree(config.toFile()).get("process");
        if (!(process instanceof ObjectNode exec)) {
            throw new IOException(config + " has no process to run an exec as");
        }
        exec.set("args", JSON.valueToTree(commandLine));
        exec.put("terminal", terminal);
        exec.remove("consoleSize");
        Files.write(target, JSON.writeValueAsBytes(exec));
        return target;
    }
}
