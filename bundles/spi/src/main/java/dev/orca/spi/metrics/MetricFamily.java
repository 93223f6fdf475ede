package dev.orca.spi.metrics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One named metric with its label names: a {@link CounterFamily}, a {@link HistogramFamily} or a {@link GaugeFamily}.
 * Each combination of label values is one series.
 */
public sealed interface MetricFamily permits CounterFamily, HistogramFamily, GaugeFamily {

    /** The metric's full name as exposed, e.g. {@code orca_cri_operations_total}. */
    String name();

    /** One line saying what is measured. */
    String help();

    /** The label names, in the order label values are given. */
    List<String> labelNames();

    /** Checks a name and its label names against Prometheus' rules, for the families' constructors. */
    static List<String> checked(String name, String help, String... labelNames) {
        Pattern metric = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        Pattern label = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
        if (name == null || !metric.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name \"" + name + "\" is not a Prometheus metric name");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " has no help text");
        }
        for (String l : labelNames) {
            if (l == null || !label.matcher(l).matches() || l.startsWith("__")) {
                throw new IllegalArgumentException("metric " + name + ": \"" + l + "\" is not a label name");
            }
        }
        if (List.of(labelNames).stream().distinct().count() != labelNames.length) {
            throw new IllegalArgumentException("metric " + name + " repeats a label name");
        }
        return List.of(labelNames);
    }
}
