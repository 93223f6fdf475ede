package dev.orca.network.cni.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per pod, the network it was connected with and the ADD result ({@code <dir>/<podId>.json}), so that DEL uses the
 * same configuration and prevResult even when the configuration directory changed since.
 */
public final class ResultCache {

    private final ObjectMapper json;
    private final Path directory;

    public ResultCache(ObjectMapper json, Path directory) {
        this.json = json;
        this.directory = directory;
    }

    /** A pod's cached connection. */
    public record Entry(NetworkConfigList network, JsonNode result) {
    }

    public void put(String podId, NetworkConfigList network, JsonNode result) throws IOException {
        ObjectNode entry = json.createObjectNode();
        entry.put("cniVersion", network.cniVersion());
        entry.put("name", network.name());
        entry.put("source", network.source() == null ? "" : network.source().toString());
        entry.put("disableCheck", network.disableCheck());
        entry.putArray("plugins").addAll(network.plugins());
        entry.set("result", result);
        Files.createDirectories(directory);
        StateFiles.replace(file(podId), json.writeValueAsBytes(entry));
    }

    public Optional<Entry> get(String podId) throws IOException {
        Path file = file(podId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode entry = json.readTree(file.toFile());
        List<ObjectNode> plugins = new ArrayList<>();
        entry.path("plugins").forEach(p -> plugins.add((ObjectNode) p));
        String source = entry.path("source").asText("");
        NetworkConfigList network = new NetworkConfigList(entry.path("cniVersion").asText(),
                entry.path("name").asText(), plugins, source.isEmpty() ? null : Path.of(source),
                entry.path("disableCheck").asBoolean(false));
        return Optional.of(new Entry(network, entry.get("result")));
    }

    public void remove(String podId) throws IOException {
        Files.deleteIfExists(file(podId));
    }

    private Path file(String podId) {
        if (podId.isEmpty() || podId.contains("/") || podId.startsWith(".")) {
            throw new IllegalArgumentException("pod ID '" + podId + "' cannot name a cache file");
        }
        return directory.resolve(podId + ".json");
    }
}
