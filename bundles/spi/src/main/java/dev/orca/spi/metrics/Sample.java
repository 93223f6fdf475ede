package dev.orca.spi.metrics;

import java.util.List;

/**
 * One series' value at the time it was read.
 *
 * @param labelValues in the order of the family's label names
 */
public record Sample(List<String> labelValues, double value) {

    public Sample {
        labelValues = List.copyOf(labelValues);
    }

    public static Sample of(double value, String... labelValues) {
        return new Sample(List.of(labelValues), value);
    }
}
