# metrics: the Prometheus endpoint (/metrics, text format; OpenMetrics when asked) on 127.0.0.1:9537, serving the
# metrics every bundle publishes through dev.orca.spi.metrics (MetricSource services), the bundle events and the
# JVM's own. The Prometheus Java client is embedded in the bundle. Configuration dev.orca.metrics
# (deploy/dev.orca.metrics.cfg): enabled, address, port, TLS. Without it the counts go on, unexposed.
dev.orca:orca-metrics:${project.version}
