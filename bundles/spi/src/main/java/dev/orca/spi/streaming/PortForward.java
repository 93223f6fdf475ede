package dev.orca.spi.streaming;

import java.util.List;
import java.util.Objects;

/**
 * Port forwarding into a pod that a client may open once through the URL a {@link StreamingServer} gives for it.
 *
 * @param sandboxId the pod the URL is bound to
 * @param ports the ports the client named in its request (it may still name others per stream, as kubectl does)
 * @param dialer connects to a port inside the pod's network namespace
 */
public record PortForward(String sandboxId, List<Integer> ports, PortDialer dialer) {

    public PortForward {
        Objects.requireNonNull(sandboxId, "sandboxId");
        ports = List.copyOf(ports);
        Objects.requireNonNull(dialer, "dialer");
    }
}
