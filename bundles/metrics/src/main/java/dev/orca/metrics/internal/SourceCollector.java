package dev.orca.metrics.internal;

import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.metrics.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the families of every {@link MetricSource} into Prometheus snapshots, at each scrape. A family that fails
 * to read, or whose name another source published first, is left out of that scrape (and logged), never the scrape.
 */
final class SourceCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(SourceCollector.class);

    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();

    void add(MetricSource source) {
        sources.add(source);
    }

    void remove(MetricSource source) {
        sources.remove(source);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MetricSource source : sources) {
            for (MetricFamily family : families(source)) {
                if (!names.add(family.name())) {
                    LOG.warn("metric {} is published twice; the second is left out", family.name());
                    continue;
                }
                try {
                    snapshots.add(snapshot(family));
                } catch (RuntimeException e) {
                    LOG.warn("metric {} could not be read: {}", family.name(), e.toString());
                }
            }
        }
        return new MetricSnapshots(snapshots);
    }

    private static List<MetricFamily> families(MetricSource source) {
        try {
            return source.families();
        } catch (RuntimeException e) {
            LOG.warn("a metric source failed: {}", e.toString());
            return List.of();
        }
    }

    static MetricSnapshot snapshot(MetricFamily family) {
        if (family instanceof CounterFamily counter) {
            return counter(counter);
        }
        if (family instanceof HistogramFamily histogram) {
            return histogram(histogram);
        }
        return gauge((GaugeFamily) family);
    }

    private static CounterSnapshot counter(CounterFamily family) {
        // the client appends _total to a counter's name itself
        String name = family.name().substring(0, family.name().length() - "_total".length());
        CounterSnapshot.Builder snapshot = CounterSnapshot.builder().name(name).help(family.help());
        for (Sample s : family.samples()) {
            snapshot.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(s.value())
                    .labels(labels(family, s.labelValues())).build());
        }
        return snapshot.build();
    }

    private static GaugeSnapshot gauge(GaugeFamily family) {
        GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name(family.name()).help(family.help());
        for (Sample s : family.samples()) {
            snapshot.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.value())
                    .labels(labels(family, s.labelValues())).build());
        }
        return snapshot.build();
    }

    private static HistogramSnapshot histogram(HistogramFamily family) {
        HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder().name(family.name()).help(family.help());
        List<Double> bounds = new ArrayList<>(family.upperBounds());
        bounds.add(Double.POSITIVE_INFINITY);
        for (HistogramFamily.HistogramSample s : family.samples()) {
            snapshot.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, s.bucketCounts()))
                    .sum(s.sum()).labels(labels(family, s.labelValues())).build());
        }
        return snapshot.build();
    }

    private static Labels labels(MetricFamily family, List<String> values) {
        return Labels.of(family.labelNames(), values);
    }
}
