package dev.orca.spi.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FamiliesTest {

    @Test
    void counterCountsPerLabelValues() {
        CounterFamily calls = new CounterFamily("orca_test_calls_total", "calls", "method", "code");
        calls.inc("Version", "OK");
        calls.inc("Version", "OK");
        calls.add(3, "Status", "NOT_FOUND");
        assertEquals(2, calls.value("Version", "OK"));
        assertEquals(3, calls.value("Status", "NOT_FOUND"));
        assertEquals(0, calls.value("Status", "OK"));
        assertEquals(Set.of(new Sample(List.of("Version", "OK"), 2), new Sample(List.of("Status", "NOT_FOUND"), 3)),
                Set.copyOf(calls.samples()));
    }

    @Test
    void counterRefusesWrongLabelsAndGoingDown() {
        CounterFamily calls = new CounterFamily("orca_test_calls_total", "calls", "method");
        assertThrows(IllegalArgumentException.class, () -> calls.inc("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> calls.inc((String) null));
        assertThrows(IllegalArgumentException.class, () -> calls.add(-1, "a"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("orca_test_calls", "calls"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("orca-bad_total", "calls"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("orca_x_total", "x", "a", "a"));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("orca_x_total", "x", "__name"));
    }

    @Test
    void counterIsThreadSafe() throws InterruptedException {
        CounterFamily c = new CounterFamily("orca_test_total", "t", "k");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4000; i++) {
            String k = "k" + (i % 4);
            pool.execute(() -> c.inc(k));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        assertEquals(4000, c.samples().stream().mapToDouble(Sample::value).sum());
        assertEquals(1000, c.value("k3"));
    }

    @Test
    void histogramPutsObservationsInTheirBuckets() {
        HistogramFamily h = new HistogramFamily("orca_test_seconds", "t", List.of(0.1, 1.0), "method");
        h.observe(0.05, "a");
        h.observe(0.1, "a");
        h.observe(0.5, "a");
        h.observe(7, "a");
        HistogramFamily.HistogramSample s = h.samples().get(0);
        assertEquals(List.of("a"), s.labelValues());
        assertEquals(List.of(2L, 1L, 1L), s.bucketCounts());
        assertEquals(4, s.count());
        assertEquals(7.65, s.sum(), 1e-9);
        assertEquals(List.of(0.1, 1.0), h.upperBounds());
    }

    @Test
    void histogramRefusesBadBounds() {
        assertThrows(IllegalArgumentException.class,
                () -> new HistogramFamily("orca_h_seconds", "h", List.of(1.0, 0.5)));
        assertThrows(IllegalArgumentException.class,
                () -> new HistogramFamily("orca_h_seconds", "h", List.of(1.0, Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class,
                () -> new HistogramFamily("orca_h_seconds", "h", List.of(1.0), "le"));
    }

    @Test
    void gaugeIsReadWhenAsked() {
        int[] reads = {0};
        GaugeFamily g = new GaugeFamily("orca_test_things", "t", () -> List.of(Sample.of(++reads[0], "x")), "k");
        assertEquals(0, reads[0]);
        assertEquals(1, g.samples().get(0).value());
        assertEquals(2, g.samples().get(0).value());
        GaugeFamily wrong = new GaugeFamily("orca_test_wrong", "t", () -> List.of(Sample.of(1)), "k");
        assertThrows(IllegalStateException.class, wrong::samples);
        assertEquals(Set.of("k"), g.labelNames().stream().collect(Collectors.toSet()));
    }
}
