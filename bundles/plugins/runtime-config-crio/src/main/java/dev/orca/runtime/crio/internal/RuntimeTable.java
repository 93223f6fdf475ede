package dev.orca.runtime.crio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One {@code [crio.runtime.runtimes.NAME]} table after merging: its keys, and the files that set them, in order. */
record RuntimeTable(String name, Map<String, JsonNode> keys, List<Path> sources) {

    RuntimeTable {
        keys = Map.copyOf(keys);
        sources = List.copyOf(sources);
    }

    Optional<String> string(RuntimeKey key) {
        return Optional.ofNullable(keys.get(key.tomlKey())).map(JsonNode::asText);
    }

    Optional<List<String>> strings(RuntimeKey key) {
        return Optional.ofNullable(keys.get(key.tomlKey())).map(RuntimeKey::strings);
    }

    Optional<Boolean> flag(RuntimeKey key) {
        return Optional.ofNullable(keys.get(key.tomlKey())).map(JsonNode::asBoolean);
    }

    String header() {
        return "[crio.runtime.runtimes." + name + "]";
    }
}
