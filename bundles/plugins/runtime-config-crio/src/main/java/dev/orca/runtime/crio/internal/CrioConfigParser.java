package dev.orca.runtime.crio.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the runtime part of a crio.conf or drop-in (TOML). The keys Orca uses must have the types crio.conf(5)
 * gives them, so that a typo is refused with the table and key rather than applied half-way.
 */
final class CrioConfigParser {

    private static final TomlMapper TOML = new TomlMapper();

    CrioConfigDocument parse(ConfigText text) throws MalformedConfigException {
        JsonNode root;
        try {
            root = TOML.readTree(text.text());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedConfigException(text.file(), at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "not valid TOML: " + e.getOriginalMessage());
        }
        JsonNode runtime = table(text, root, "crio").path("runtime");
        if (runtime.isMissingNode()) {
            return new CrioConfigDocument(text.file(), Optional.empty(), Map.of());
        }
        requireTable(text, runtime, "[crio.runtime]");
        Optional<String> defaultRuntime = Optional.empty();
        JsonNode named = runtime.get("default_runtime");
        if (named != null) {
            if (!named.isTextual()) {
                throw wrongType(text, "[crio.runtime] default_runtime", "a string", named);
            }
            defaultRuntime = Optional.of(named.asText());
        }
        return new CrioConfigDocument(text.file(), defaultRuntime, runtimeTables(text, runtime.path("runtimes")));
    }

    private static Map<String, Map<String, JsonNode>> runtimeTables(ConfigText text, JsonNode runtimes)
            throws MalformedConfigException {
        Map<String, Map<String, JsonNode>> tables = new LinkedHashMap<>();
        if (runtimes.isMissingNode()) {
            return tables;
        }
        requireTable(text, runtimes, "[crio.runtime.runtimes]");
        for (Map.Entry<String, JsonNode> runtime : runtimes.properties()) {
            String where = "[crio.runtime.runtimes." + runtime.getKey() + "]";
            requireTable(text, runtime.getValue(), where);
            Map<String, JsonNode> keys = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> key : runtime.getValue().properties()) {
                Optional<String> expected = RuntimeKey.typeProblem(key.getKey(), key.getValue());
                if (expected.isPresent()) {
                    throw wrongType(text, where + " " + key.getKey(), expected.get(), key.getValue());
                }
                keys.put(key.getKey(), key.getValue());
            }
            tables.put(runtime.getKey(), keys);
        }
        return tables;
    }

    private static JsonNode table(ConfigText text, JsonNode parent, String key) throws MalformedConfigException {
        JsonNode child = parent.path(key);
        if (!child.isMissingNode()) {
            requireTable(text, child, "[" + key + "]");
        }
        return child;
    }

    private static void requireTable(ConfigText text, JsonNode node, String where) throws MalformedConfigException {
        if (!node.isObject()) {
            throw wrongType(text, where, "a table", node);
        }
    }

    private static MalformedConfigException wrongType(ConfigText text, String where, String expected, JsonNode v) {
        return new MalformedConfigException(text.file(), 0, 0, where + " must be " + expected + ", not " + v);
    }
}
