package dev.orca.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.metrics.CounterFamily;
import dev.orca.spi.metrics.GaugeFamily;
import dev.orca.spi.metrics.HistogramFamily;
import dev.orca.spi.metrics.MetricFamily;
import dev.orca.spi.metrics.MetricSource;
import dev.orca.spi.metrics.Sample;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceCollectorTest {

    private final SourceCollector collector = new SourceCollector();
    private final PrometheusRegistry registry = new PrometheusRegistry();

    SourceCollectorTest() {
        registry.register(collector);
    }

    private String text(String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().findWriter(accept).write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countersComeOutWithTheirLabelsAndTotal() throws IOException {
        CounterFamily calls = new CounterFamily("orca_cri_operations_total", "CRI calls", "method", "code");
        calls.inc("Version", "OK");
        calls.inc("Version", "OK");
        calls.inc("StartContainer", "NOT_FOUND");
        collector.add(() -> List.of(calls));
        String text = text("text/plain");
        assertTrue(text.contains("# TYPE orca_cri_operations_total counter\n"), text);
        assertTrue(text.contains("# HELP orca_cri_operations_total CRI calls\n"), text);
        assertTrue(text.contains("orca_cri_operations_total{code=\"OK\",method=\"Version\"} 2.0\n"), text);
        assertTrue(text.contains("orca_cri_operations_total{code=\"NOT_FOUND\",method=\"StartContainer\"} 1.0\n"),
                text);
    }

    @Test
    void histogramsHaveCumulativeBucketsSumAndCount() throws IOException {
        HistogramFamily pulls = new HistogramFamily("orca_image_pull_duration_seconds", "pulls", List.of(0.5, 2.0));
        pulls.observe(0.25);
        pulls.observe(1);
        pulls.observe(1.5);
        pulls.observe(9);
        collector.add(() -> List.of(pulls));
        String text = text("text/plain");
        assertTrue(text.contains("# TYPE orca_image_pull_duration_seconds histogram\n"), text);
        assertTrue(text.contains("orca_image_pull_duration_seconds_bucket{le=\"0.5\"} 1\n"), text);
        assertTrue(text.contains("orca_image_pull_duration_seconds_bucket{le=\"2.0\"} 3\n"), text);
        assertTrue(text.contains("orca_image_pull_duration_seconds_bucket{le=\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("orca_image_pull_duration_seconds_count 4\n"), text);
        assertTrue(text.contains("orca_image_pull_duration_seconds_sum 11.75\n"), text);
    }

    @Test
    void gaugesAreReadAtEachScrape() throws IOException {
        AtomicInteger running = new AtomicInteger(3);
        GaugeFamily containers = new GaugeFamily("orca_containers", "containers",
                () -> List.of(Sample.of(running.get(), "CONTAINER_RUNNING", "runc")), "state", "handler");
        collector.add(() -> List.of(containers));
        assertTrue(text("text/plain").contains(
                "orca_containers{handler=\"runc\",state=\"CONTAINER_RUNNING\"} 3.0\n"));
        running.set(5);
        assertTrue(text("text/plain").contains(
                "orca_containers{handler=\"runc\",state=\"CONTAINER_RUNNING\"} 5.0\n"));
    }

    @Test
    void openMetricsWhenAsked() throws IOException {
        CounterFamily pulls = new CounterFamily("orca_image_pulls_total", "pulls", "outcome", "reason");
        pulls.inc("failure", "not_found");
        collector.add(() -> List.of(pulls));
        String open = text("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(open.contains("# TYPE orca_image_pulls counter\n"), open);
        assertTrue(open.contains("orca_image_pulls_total{outcome=\"failure\",reason=\"not_found\"} 1.0\n"), open);
        assertTrue(open.endsWith("# EOF\n"), open);
    }

    @Test
    void aSourceThatFailsOrRepeatsANameLeavesTheRestAlone() throws IOException {
        CounterFamily first = new CounterFamily("orca_x_total", "first");
        first.inc();
        CounterFamily second = new CounterFamily("orca_x_total", "second");
        GaugeFamily broken = new GaugeFamily("orca_broken", "broken", () -> {
            throw new IllegalStateException("no");
        });
        MetricSource failing = () -> {
            throw new IllegalStateException("source down");
        };
        collector.add(() -> List.<MetricFamily>of(first, broken));
        collector.add(failing);
        collector.add(() -> List.of(second));
        String text = text("text/plain");
        assertTrue(text.contains("# HELP orca_x_total first\n"), text);
        assertTrue(text.contains("orca_x_total 1.0\n"), text);
        assertFalse(text.contains("second"), text);
        assertFalse(text.contains("orca_broken"), text);
    }

    @Test
    void aRemovedSourceIsNoLongerScraped() throws IOException {
        CounterFamily c = new CounterFamily("orca_y_total", "y");
        c.inc();
        MetricSource source = () -> List.of(c);
        collector.add(source);
        assertTrue(text("text/plain").contains("orca_y_total 1.0"));
        collector.remove(source);
        assertEquals("", text("text/plain"));
    }
}
