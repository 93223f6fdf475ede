package dev.orca.core.internal.shell;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.RuntimeFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * {@code orca:handlers}: every deployed handler (name, default mark, the pods using it, its features, the providing
 * bundle and the handler's own description: its runtime type and binary), then every handler name pods use that no
 * deployed service serves.
 */
final class HandlerTable {

    private HandlerTable() {
    }

    /**
     * @param pods empty when the node's pods are not known (the column then shows "?")
     * @param bundleName a bundle's name by its ID
     */
    static String of(List<HandlerEntry> deployed, String defaultName, Optional<List<PodRecord>> pods,
            LongFunction<String> bundleName) {
        Map<String, Long> podsByHandler = pods.orElse(List.of()).stream()
                .collect(Collectors.groupingBy(PodRecord::handler, TreeMap::new, Collectors.counting()));
        if (deployed.isEmpty() && podsByHandler.isEmpty()) {
            return "no runtime handler is deployed";
        }
        Table table = new Table("HANDLER", "DEFAULT", "PODS", "FEATURES", "BUNDLE", "RUNTIME");
        List<String> names = new ArrayList<>();
        for (HandlerEntry h : deployed) {
            names.add(h.name());
            table.row(h.name(), h.name().equals(defaultName) ? "yes" : "", podCount(pods, podsByHandler, h.name()),
                    features(h.handler().features()), bundleName.apply(h.bundleId()), h.handler().describe());
        }
        podsByHandler.forEach((name, count) -> {
            if (!names.contains(name)) {
                table.row(name, "", String.valueOf(count), Cells.NONE, "not deployed", Cells.NONE);
            }
        });
        return pods.isPresent() ? table.toString() : table + "\n(" + NodeView.NO_STATE + ")";
    }

    private static String podCount(Optional<List<PodRecord>> pods, Map<String, Long> counts, String name) {
        return pods.isEmpty() ? "?" : String.valueOf(counts.getOrDefault(name, 0L));
    }

    /** {@code rro} (recursive read-only mounts), {@code userns} (user namespaces), or {@code -}. */
    static String features(RuntimeFeatures features) {
        List<String> names = new ArrayList<>();
        if (features.recursiveReadOnlyMounts()) {
            names.add("rro");
        }
        if (features.userNamespaces()) {
            names.add("userns");
        }
        return Cells.list(names);
    }
}
