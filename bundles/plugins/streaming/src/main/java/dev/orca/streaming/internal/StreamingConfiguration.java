package dev.orca.streaming.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca streaming server",
        description = "Where the kubelet and crictl connect for exec, attach and port-forward, and its limits")
@interface StreamingConfiguration {

    @AttributeDefinition(description = "Address to listen on (the URLs handed out name it)")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port; 0 picks a free one at start")
    int port() default 0;

    @AttributeDefinition(description = "PEM certificate (chain) for TLS; empty serves plain HTTP")
    String tls_cert() default "";

    @AttributeDefinition(description = "PEM private key (PKCS#8) for TLS")
    String tls_key() default "";

    @AttributeDefinition(description = "Seconds a URL may wait for its client before its token expires")
    int token_ttl_seconds() default 60;

    @AttributeDefinition(description = "Seconds a client has to open its streams after the upgrade")
    int stream_creation_timeout_seconds() default 30;

    @AttributeDefinition(description = "Seconds without traffic after which a stream connection is closed")
    int stream_idle_timeout_seconds() default 14400;

    @AttributeDefinition(description = "Stream connections served at once; more are refused with 429")
    int max_concurrent_streams() default 128;

    @AttributeDefinition(description = "URLs waiting for their client at once; more CRI calls are refused")
    int max_pending_tokens() default 1000;
}
