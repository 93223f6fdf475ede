package dev.orca.core.internal.shell;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.RuntimeFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code orca:handlers}: every handler service (name, default mark, whether it can run pods, the pods using it, its
 * features, the providing bundle and the handler's own description: its runtime type and binary), then every handler
 * name pods use that no service serves.
 */
final class HandlerTable {

    private HandlerTable() {
    }

    /**
     * @param available the handlers that can run pods
     * @param unavailable the handlers deployed but unable to run pods now (a missing binary)
     * @param pods empty when the node's pods are not known (the column then shows "?")
     * @param bundleName a bundle's name by its ID
     */
    static String of(List<HandlerEntry> available, List<HandlerEntry> unavailable, String defaultName,
            Optional<List<PodRecord>> pods, LongFunction<String> bundleName) {
        Map<String, Long> podsByHandler = pods.orElse(List.of()).stream()
                .collect(Collectors.groupingBy(PodRecord::handler, TreeMap::new, Collectors.counting()));
        if (available.isEmpty() && unavailable.isEmpty() && podsByHandler.isEmpty()) {
            return "no runtime handler is deployed";
        }
        Table table = new Table("HANDLER", "DEFAULT", "STATUS", "PODS", "FEATURES", "BUNDLE", "RUNTIME");
        List<String> deployed = new ArrayList<>();
        Stream.concat(available.stream(), unavailable.stream()).sorted(Comparator.comparing(HandlerEntry::name))
                .forEach(h -> {
                    deployed.add(h.name());
                    Optional<String> why = h.handler().unavailability();
                    table.row(h.name(), h.name().equals(defaultName) ? "yes" : "",
                            why.map(w -> "unavailable: " + w).orElse("ready"),
                            podCount(pods, podsByHandler, h.name()),
                            why.isPresent() ? Cells.NONE : features(h.handler().features()),
                            bundleName.apply(h.bundleId()), h.handler().describe());
                });
        podsByHandler.forEach((name, count) -> {
            if (!deployed.contains(name)) {
                table.row(name, "", "not deployed", String.valueOf(count), Cells.NONE, Cells.NONE, Cells.NONE);
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
