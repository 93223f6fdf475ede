package dev.orca.runtime.crio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies the files in order, as CRI-O does with its drop-ins: a later file's key replaces the same key of the same
 * table; keys it does not name stay as earlier files set them; the last {@code default_runtime} counts.
 */
final class CrioConfigMerger {

    MergedCrioConfig merge(List<CrioConfigDocument> documents) {
        Map<String, Map<String, JsonNode>> keys = new TreeMap<>();
        Map<String, List<Path>> sources = new TreeMap<>();
        List<String> overrides = new ArrayList<>();
        Optional<String> defaultRuntime = Optional.empty();
        Optional<Path> defaultSource = Optional.empty();
        for (CrioConfigDocument document : documents) {
            if (document.defaultRuntime().isPresent()) {
                defaultRuntime = document.defaultRuntime();
                defaultSource = Optional.of(document.file());
            }
            document.runtimes().forEach((name, table) -> {
                Map<String, JsonNode> merged = keys.computeIfAbsent(name, n -> new LinkedHashMap<>());
                List<Path> from = sources.computeIfAbsent(name, n -> new ArrayList<>());
                List<String> replaced = table.keySet().stream().filter(merged::containsKey).toList();
                if (!from.isEmpty()) {
                    overrides.add("[crio.runtime.runtimes." + name + "] of " + document.file()
                            + (replaced.isEmpty() ? " adds to the table from " + from
                                    : " overrides " + String.join(", ", replaced) + " set by " + from)
                            + " (the later file wins)");
                }
                merged.putAll(table);
                from.add(document.file());
            });
        }
        Map<String, RuntimeTable> tables = new TreeMap<>();
        keys.forEach((name, table) -> tables.put(name, new RuntimeTable(name, table, sources.get(name))));
        return new MergedCrioConfig(tables, defaultRuntime, defaultSource, overrides);
    }
}
