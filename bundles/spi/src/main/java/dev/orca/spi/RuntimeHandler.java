package dev.orca.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs pod sandboxes and their containers for one RuntimeClass handler.
 *
 * <p>Register one service per handler with {@link #HANDLER} set to the handler's name, the value a
 * RuntimeClass names in its {@code handler} field. The core finds handlers by that property and follows them
 * as they come and go; a pod records its handler by name, never the service object.
 */
@ProviderType
public interface RuntimeHandler {

    /** Service property: the handler name (a RuntimeClass {@code handler}); required, non-empty. */
    String HANDLER = "orca.runtime.handler";

    /** Service property: {@code true} on the handler that serves pods asking for no handler. */
    String DEFAULT = "orca.runtime.default";

    /** What this handler can do, reported to the kubelet in {@code Status}. */
    RuntimeFeatures features();

    /** A one-line human description: the runtime binary, its type and version, for logs and the shell. */
    String describe();
}
