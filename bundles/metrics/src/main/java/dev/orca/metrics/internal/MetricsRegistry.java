package dev.orca.metrics.internal;

import dev.orca.spi.metrics.MetricSource;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The node's Prometheus registry: every {@link MetricSource} service (tracked as they come and go) and the JVM's
 * own metrics. The endpoint and the shell command read it.
 */
@Component(service = MetricsRegistry.class)
public final class MetricsRegistry {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SourceCollector sources = new SourceCollector();

    public MetricsRegistry() {
        registry.register(sources);
        JvmMetrics.builder().register(registry);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSource(MetricSource source) {
        sources.add(source);
    }

    void unbindSource(MetricSource source) {
        sources.remove(source);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** The families whose names pass the filter, in the Prometheus text format (for the shell). */
    String text(Predicate<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape(names));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write metrics to memory", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
