package dev.orca.spi.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * A histogram per combination of label values, with fixed bucket upper bounds (an implicit {@code +Inf} bucket
 * follows the last).
 */
public final class HistogramFamily extends MetricFamily {

    /** Bounds for durations in seconds, from 5 ms to 5 minutes: CRI calls, container starts, image pulls. */
    public static final List<Double> DURATION_SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

    private final double[] upperBounds;
    private final Series<Histogram> series;

    /** @param upperBounds finite and strictly increasing */
    public HistogramFamily(String name, String help, List<Double> upperBounds, String... labelNames) {
        super(name, help, labelNames);
        if (labelNames().contains("le")) {
            throw new IllegalArgumentException("histogram " + name + " cannot have a label \"le\"");
        }
        this.upperBounds = upperBounds.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < this.upperBounds.length; i++) {
            if (!Double.isFinite(this.upperBounds[i]) || i > 0 && this.upperBounds[i] <= this.upperBounds[i - 1]) {
                throw new IllegalArgumentException("histogram " + name + ": bucket bounds " + upperBounds
                        + " are not finite and strictly increasing");
            }
        }
        this.series = new Series<>(name, labelNames());
    }

    public void observe(double value, String... labelValues) {
        series.of(labelValues, k -> new Histogram(upperBounds.length + 1)).observe(bucket(value), value);
    }

    private int bucket(double value) {
        int i = Arrays.binarySearch(upperBounds, value);
        return i >= 0 ? i : -i - 1;
    }

    /** The bucket upper bounds, without the implicit {@code +Inf}. */
    public List<Double> upperBounds() {
        return Arrays.stream(upperBounds).boxed().toList();
    }

    public List<HistogramSample> samples() {
        return series.all().entrySet().stream().map(e -> e.getValue().sample(e.getKey())).toList();
    }

    /**
     * One series read at once (count, sum and buckets agree).
     *
     * @param bucketCounts observations per bucket, not cumulative, one per upper bound and a last for {@code +Inf}
     */
    public record HistogramSample(List<String> labelValues, List<Long> bucketCounts, double sum, long count) {
    }

    private static final class Histogram {

        private final long[] counts;
        private double sum;
        private long count;

        Histogram(int buckets) {
            counts = new long[buckets];
        }

        synchronized void observe(int bucket, double value) {
            counts[bucket]++;
            sum += value;
            count++;
        }

        synchronized HistogramSample sample(List<String> labelValues) {
            return new HistogramSample(labelValues, Arrays.stream(counts).boxed().toList(), sum, count);
        }
    }
}
