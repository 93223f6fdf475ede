package dev.orca.spi.streaming;

import java.net.URI;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server the kubelet (and crictl) connect to after an Exec, Attach or PortForward call: it issues a URL with a
 * single-use, expiring token for each request and speaks the Kubernetes streaming protocols (SPDY/3.1 and WebSocket)
 * to whoever presents it.
 */
@ProviderType
public interface StreamingServer {

    /** A URL through which one client may run {@code stream}'s exec, once, before the token expires. */
    URI exec(ContainerStream stream);

    /** A URL through which one client may attach to the container's process, once, before the token expires. */
    URI attach(ContainerStream stream);

    /** A URL through which one client may forward ports into the pod, once, before the token expires. */
    URI portForward(PortForward forward);
}
