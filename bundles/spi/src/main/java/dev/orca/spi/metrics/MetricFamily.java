package dev.orca.spi.metrics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One named metric with its label names: a {@link CounterFamily}, a {@link HistogramFamily} or a {@link GaugeFamily}.
 * Each combination of label values is one series.
 */
public abstract sealed class MetricFamily permits CounterFamily, HistogramFamily, GaugeFamily {

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String help;
    private final List<String> labelNames;

    /** Checks the name and label names against Prometheus' rules. */
    MetricFamily(String name, String help, String... labelNames) {
        if (name == null || !METRIC.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name \"" + name + "\" is not a Prometheus metric name");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " has no help text");
        }
        for (String l : labelNames) {
            if (l == null || !LABEL.matcher(l).matches() || l.startsWith("__")) {
                throw new IllegalArgumentException("metric " + name + ": \"" + l + "\" is not a label name");
            }
        }
        if (List.of(labelNames).stream().distinct().count() != labelNames.length) {
            throw new IllegalArgumentException("metric " + name + " repeats a label name");
        }
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
    }

    /** The metric's full name as exposed, e.g. {@code orca_cri_operations_total}. */
    public final String name() {
        return name;
    }

    /** One line saying what is measured. */
    public final String help() {
        return help;
    }

    /** The label names, in the order label values are given. */
    public final List<String> labelNames() {
        return labelNames;
    }
}
