package dev.orca.spi;

/**
 * The keys of an OCI runtime handler's configuration: a factory configuration of {@link #FACTORY_PID} (a deploy/
 * {@code .cfg}, a CRI-O runtime table), or a handler definition in a runtime pack. Whoever writes handler
 * configurations and the bundle that serves them read the keys from here.
 */
public final class HandlerConfiguration {

    /** The factory PID of OCI runtime handler configurations: one handler per configuration. */
    public static final String FACTORY_PID = "dev.orca.runtime.oci";

    /** The handler name, also the service property {@link RuntimeHandler#HANDLER}; required. */
    public static final String HANDLER = RuntimeHandler.HANDLER;

    /**
     * {@code true} for the handler that serves pods asking for none (service property
     * {@link RuntimeHandler#DEFAULT}).
     */
    public static final String DEFAULT = RuntimeHandler.DEFAULT;

    /** Its rank among the handlers marked default ({@link RuntimeHandler#DEFAULT_RANKING}); 0 when absent. */
    public static final String DEFAULT_RANKING = RuntimeHandler.DEFAULT_RANKING;

    /** The runtime binary (runc, crun, runsc). */
    public static final String RUNTIME_PATH = "runtime.path";

    /** The runtime's {@code --root} state directory; empty for one under the run root. */
    public static final String RUNTIME_ROOT = "runtime.root";

    /** The runtime type; {@value #OCI_TYPE} is a runc-compatible command line. */
    public static final String RUNTIME_TYPE = "runtime.type";

    /** The {@link #RUNTIME_TYPE} of a runtime with the OCI runtime command line. */
    public static final String OCI_TYPE = "oci";

    /** Extra global arguments given to every runtime call. */
    public static final String RUNTIME_ARGS = "runtime.args";

    /** The container monitor binary (conmon). */
    public static final String MONITOR_PATH = "monitor.path";

    /** Where bundles, exit files and monitor sockets live; empty for one under Orca's run root. */
    public static final String RUN_ROOT = "run.root";

    /** Annotations the runtime may see and act on (a trailing {@code *} matches a prefix). */
    public static final String ALLOWED_ANNOTATIONS = "allowed.annotations";

    /** {@code true} when privileged containers of this handler get none of the host's devices. */
    public static final String PRIVILEGED_WITHOUT_HOST_DEVICES = "privileged.without.host.devices";

    private HandlerConfiguration() {
    }
}
