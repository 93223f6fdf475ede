package dev.orca.network.cni.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Picks the network from a configuration directory: the lexically first valid {@code .conflist/.conf/.json}. */
public final class NetworkConfigLoader {

    private final ObjectMapper json;
    private final Path directory;

    public NetworkConfigLoader(ObjectMapper json, Path directory) {
        this.json = json;
        this.directory = directory;
    }

    /** The outcome of one reading: a network, or why there is none. */
    public record Loaded(NetworkConfigList network, String problem) {

        public boolean found() {
            return network != null;
        }
    }

    public Loaded load() {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(directory)) {
            candidates = files.filter(NetworkConfigLoader::isCandidate).sorted().toList();
        } catch (NoSuchFileException e) {
            return new Loaded(null, "CNI configuration directory " + directory + " does not exist");
        } catch (IOException e) {
            return new Loaded(null, "cannot list CNI configuration directory " + directory + ": " + e);
        }
        if (candidates.isEmpty()) {
            return new Loaded(null, "no CNI configuration file (.conflist, .conf, .json) in " + directory);
        }
        List<String> problems = new ArrayList<>();
        for (Path file : candidates) {
            try {
                return new Loaded(parse(file), null);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(file.getFileName() + ": " + message(e));
            }
        }
        return new Loaded(null, "no valid CNI configuration in " + directory + ": " + String.join("; ", problems));
    }

    private static boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.endsWith(".conflist") || name.endsWith(".conf") || name.endsWith(".json"));
    }

    NetworkConfigList parse(Path file) throws IOException {
        JsonNode root = json.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<ObjectNode> plugins = new ArrayList<>();
        if (root.has("plugins")) {
            if (!root.get("plugins").isArray() || root.get("plugins").isEmpty()) {
                throw new IllegalArgumentException("\"plugins\" must be a non-empty array");
            }
            for (JsonNode plugin : root.get("plugins")) {
                plugins.add(requirePlugin(plugin));
            }
        } else if (file.getFileName().toString().endsWith(".conflist")) {
            throw new IllegalArgumentException("a .conflist needs \"plugins\"");
        } else {
            plugins.add(requirePlugin(root));
        }
        String name = root.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("\"name\" is missing");
        }
        String version = root.path("cniVersion").asText("");
        if (version.isEmpty()) {
            throw new IllegalArgumentException("\"cniVersion\" is missing");
        }
        return new NetworkConfigList(version, name, plugins, file, root.path("disableCheck").asBoolean(false));
    }

    private static ObjectNode requirePlugin(JsonNode plugin) {
        if (!plugin.isObject() || plugin.path("type").asText("").isEmpty()) {
            throw new IllegalArgumentException("a plug-in without \"type\"");
        }
        return ((ObjectNode) plugin).deepCopy();
    }

    private static String message(Exception e) {
        if (e instanceof JsonProcessingException parse) {
            return parse.getOriginalMessage() + " at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr();
        }
        return e.getMessage();
    }
}
