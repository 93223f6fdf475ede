package dev.orca.metrics.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} over HTTP (or HTTPS with a certificate and key) for Prometheus: the text format by
 * default, OpenMetrics when the Accept header asks for it. Configuration PID {@code dev.orca.metrics}; a bad
 * configuration (a port taken, an unreadable key) is logged and no endpoint is served.
 */
@Component(immediate = true, service = MetricsEndpoint.class, configurationPid = MetricsEndpoint.PID)
@Designate(ocd = MetricsEndpointConfiguration.class)
public final class MetricsEndpoint {

    static final String PID = "dev.orca.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HTTPServer server;

    @Activate
    public MetricsEndpoint(MetricsEndpointConfiguration config, @Reference MetricsRegistry registry)
            throws IOException {
        if (!config.enabled()) {
            LOG.info("the metrics endpoint is disabled ({}: enabled = false)", PID);
            server = null;
            return;
        }
        HTTPServer.Builder builder = HTTPServer.builder().hostname(config.address()).port(config.port())
                .registry(registry.registry());
        boolean tls = !config.tls_cert().isBlank();
        if (tls != !config.tls_key().isBlank()) {
            LOG.error("metrics endpoint not started: TLS needs both tls.cert and tls.key ({})", PID);
            throw new IllegalArgumentException("metrics endpoint: TLS needs both tls.cert and tls.key");
        }
        try {
            if (tls) {
                builder.httpsConfigurator(new HttpsConfigurator(
                        PemKeys.serverContext(Path.of(config.tls_cert()), Path.of(config.tls_key()))));
            }
            server = builder.buildAndStart();
        } catch (IOException e) {
            LOG.error("cannot serve metrics on {}:{}: {}", config.address(), config.port(), e.getMessage());
            throw e;
        }
        LOG.info("serving metrics on {}://{}:{}/metrics", tls ? "https" : "http", config.address(),
                server.getPort());
    }

    /** The port served, or -1 when disabled. */
    int port() {
        return server == null ? -1 : server.getPort();
    }

    @Deactivate
    void stop() {
        if (server != null) {
            server.close();
        }
    }
}
