package dev.orca.spi.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The series of one family by label values, created on first use; shared by the counter and histogram families. */
final class Series<T> {

    private final String name;
    private final List<String> labelNames;
    private final Map<List<String>, T> byLabels = new ConcurrentHashMap<>();

    Series(String name, List<String> labelNames) {
        this.name = name;
        this.labelNames = labelNames;
    }

    T of(String[] labelValues, Function<List<String>, T> create) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + " takes " + labelNames.size() + " label values "
                    + labelNames + ", not " + labelValues.length);
        }
        for (String v : labelValues) {
            if (v == null) {
                throw new IllegalArgumentException("metric " + name + ": a label value is null");
            }
        }
        return byLabels.computeIfAbsent(List.of(labelValues), create);
    }

    Map<List<String>, T> all() {
        return byLabels;
    }
}
