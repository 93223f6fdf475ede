package dev.orca.spi.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A counter per combination of label values: only goes up, from zero when the publishing bundle starts. */
public final class CounterFamily extends MetricFamily {

    private final Series<DoubleAdder> series;

    /** @param name ends in {@code _total}, as Prometheus names counters */
    public CounterFamily(String name, String help, String... labelNames) {
        super(name, help, labelNames);
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        this.series = new Series<>(name, labelNames());
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    /** @param amount not negative */
    public void add(double amount, String... labelValues) {
        if (amount < 0 || Double.isNaN(amount)) {
            throw new IllegalArgumentException("counter " + name() + " cannot go down (" + amount + ")");
        }
        series.of(labelValues, k -> new DoubleAdder()).add(amount);
    }

    /** Makes a series show as 0 before its first event, so that rates over it start at once. */
    public void touch(String... labelValues) {
        series.of(labelValues, k -> new DoubleAdder());
    }

    /** The value of one series, 0 when it never counted. */
    public double value(String... labelValues) {
        DoubleAdder adder = series.all().get(List.of(labelValues));
        return adder == null ? 0 : adder.sum();
    }

    public List<Sample> samples() {
        return series.all().entrySet().stream().map(e -> new Sample(e.getKey(), e.getValue().sum())).toList();
    }
}
