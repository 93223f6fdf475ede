package dev.orca.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca metrics endpoint",
        description = "Where Prometheus scrapes the node: /metrics in the Prometheus text format, OpenMetrics when "
                + "the Accept header asks for it")
@interface MetricsEndpointConfiguration {

    @AttributeDefinition(description = "false: no metrics endpoint (the counts go on in the bundles)")
    boolean enabled() default true;

    @AttributeDefinition(description = "the address to listen on; 127.0.0.1 keeps the metrics on the node")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "the TCP port (CRI-O's 9537 by default); 0 picks a free one")
    int port() default 9537;

    @AttributeDefinition(description = "PEM certificate chain for HTTPS; empty: plain HTTP")
    String tls_cert() default "";

    @AttributeDefinition(description = "PEM private key (PKCS #8) of the certificate; required with it")
    String tls_key() default "";
}
