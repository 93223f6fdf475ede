package dev.orca.spi.metrics;

import java.util.List;
import java.util.function.Supplier;

/**
 * A gauge read when it is scraped: the reader answers the current value of each series. The reader must be cheap
 * (it runs on every scrape) and must not throw; what is expensive to find out is cached by its owner.
 */
public final class GaugeFamily extends MetricFamily {

    private final Supplier<List<Sample>> reader;

    public GaugeFamily(String name, String help, Supplier<List<Sample>> reader, String... labelNames) {
        super(name, help, labelNames);
        this.reader = reader;
    }

    /** The series now; a sample whose label values do not match the label names is refused. */
    public List<Sample> samples() {
        List<Sample> samples = reader.get();
        for (Sample s : samples) {
            if (s.labelValues().size() != labelNames().size()) {
                throw new IllegalStateException("gauge " + name() + " read " + s.labelValues().size()
                        + " label values for " + labelNames());
            }
        }
        return samples;
    }
}
