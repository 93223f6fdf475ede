package dev.orca.spi.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's metrics, registered as a service: the metrics exporter tracks every MetricSource (any number, coming
 * and going) and reads their families at each scrape. A family name belongs to one source.
 */
@ConsumerType
public interface MetricSource {

    /** The families this source publishes; the same objects each time, read concurrently with their updates. */
    List<MetricFamily> families();
}
