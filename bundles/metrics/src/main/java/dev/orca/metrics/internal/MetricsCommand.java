package dev.orca.metrics.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code orca:metrics}: the node's current metric values as Prometheus would scrape them, Orca's own families. */
@Component(service = MetricsCommand.class, property = {
    "osgi.command.scope=orca",
    "osgi.command.function=metrics"
})
public final class MetricsCommand {

    private final MetricsRegistry registry;

    @Activate
    public MetricsCommand(@Reference MetricsRegistry registry) {
        this.registry = registry;
    }

    @Descriptor("the orca_* metrics now, in the Prometheus text format")
    public String metrics() {
        return registry.text(name -> name.startsWith("orca_"));
    }

    @Descriptor("the metrics whose names start with the prefix (e.g. jvm_ or orca_image_)")
    public String metrics(@Descriptor("metric name prefix") String prefix) {
        return registry.text(name -> name.startsWith(prefix));
    }
}
