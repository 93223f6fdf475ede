package dev.orca.core.internal.grpc;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs connections that end before they became usable gRPC transports: garbage bytes, or clients that idled. */
final class TransportLogging extends ServerTransportFilter {

    private static final Logger LOG = LoggerFactory.getLogger(TransportLogging.class);
    private static final Attributes.Key<Boolean> READY = Attributes.Key.create("orca.transport.ready");

    private final int handshakeTimeoutSeconds;

    TransportLogging(int handshakeTimeoutSeconds) {
        this.handshakeTimeoutSeconds = handshakeTimeoutSeconds;
    }

    @Override
    public Attributes transportReady(Attributes attributes) {
        LOG.debug("CRI client connected: {}", attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return attributes.toBuilder().set(READY, true).build();
    }

    /** gRPC passes null attributes for a transport that never became ready. */
    @Override
    public void transportTerminated(Attributes attributes) {
        if (attributes == null || attributes.get(READY) == null) {
            LOG.warn("a CRI socket connection closed before it spoke HTTP/2: the client sent bytes that are not"
                    + " gRPC, or sent nothing within {}s", handshakeTimeoutSeconds);
        } else {
            LOG.debug("CRI client disconnected");
        }
    }
}
