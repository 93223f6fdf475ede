/**
 * Metrics a bundle publishes without knowing the exposition format: small thread-safe families it owns and updates
 * ({@link CounterFamily}, {@link HistogramFamily}, {@link GaugeFamily} read at scrape time), offered to whoever
 * exposes them through a {@link MetricSource} service. The counts live in the publishing bundle, so the exporter
 * may come, go or be updated without losing them; no plug-in depends on a metrics library.
 *
 * <p>Names follow Prometheus' conventions: a {@code orca_} prefix, base units ({@code _seconds}, {@code _bytes})
 * and {@code _total} for counters.
 */
@Export
@Version("1.0.0")
package dev.orca.spi.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
