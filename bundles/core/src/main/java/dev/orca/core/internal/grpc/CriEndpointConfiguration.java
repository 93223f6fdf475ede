package dev.orca.core.internal.grpc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Tuning of the CRI endpoint; the socket path itself is the framework property {@code orca.socket}. */
@ObjectClassDefinition(name = "Orca CRI endpoint", description = "The gRPC server the kubelet talks to")
@interface CriEndpointConfiguration {

    @AttributeDefinition(description = "Seconds a new connection has to start HTTP/2 before it is closed")
    int handshake_timeout_seconds() default 10;

    @AttributeDefinition(description = "Largest request or response message, in bytes (the kubelet uses 16 MiB)")
    int max_message_bytes() default 16 * 1024 * 1024;

    @AttributeDefinition(description = "Seconds a call waits for a service (such as the image store) that is away"
            + " for a moment: while the daemon starts or a bundle is reconfigured or updated")
    int service_wait_seconds() default 5;

    @AttributeDefinition(description = "Seconds after the socket first answers during which a call that needs a part"
            + " not yet there (a default runtime handler, the image store, a pod network) waits for it; the start-up"
            + " ends sooner once all are there")
    int startup_wait_seconds() default 10;

    @AttributeDefinition(description = "Seconds between sweeps that remove pods an interrupted RunPodSandbox left"
            + " half-made (the first runs a second after start)")
    int recovery_interval_seconds() default 10;

    @AttributeDefinition(description = "Container events each GetContainerEvents stream or orca:events may have"
            + " waiting unread; one that falls further behind is dropped (its stream ends with RESOURCE_EXHAUSTED)")
    int event_buffer() default 1024;

    @AttributeDefinition(description = "Milliseconds between looks at the containers recorded as running, so that"
            + " an exit nobody asks about is recorded and published as a CONTAINER_STOPPED_EVENT")
    int exit_watch_millis() default 250;

    @AttributeDefinition(description = "Threads serving socket I/O")
    int io_threads() default 2;
}
