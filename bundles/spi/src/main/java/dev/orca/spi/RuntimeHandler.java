package dev.orca.spi;

import dev.orca.spi.oci.OciResources;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
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

    /**
     * Service property: {@code true} on a handler that may serve pods asking for no handler. Of several, the one
     * that can run pods now with the highest {@link #DEFAULT_RANKING} serves (SPI 1.15).
     */
    String DEFAULT = "orca.runtime.default";

    /**
     * Service property: an integer (or its text, as a {@code .cfg} file gives it), 0 when absent; among the handlers
     * that set {@link #DEFAULT} and can run pods now, the highest serves as the default, then the usual precedence
     * ({@code service.ranking}, configuration PID, age). The shipped crun ranks 1 and runc 0: crun where installed.
     */
    String DEFAULT_RANKING = "orca.runtime.default.ranking";

    /**
     * Why this handler cannot run pods now (say, its runtime binary is missing), or empty when it can. An unavailable
     * handler is not offered to new pods nor listed in {@code Status}; calls on its existing pods still reach it.
     */
    default java.util.Optional<String> unavailability() {
        return java.util.Optional.empty();
    }

    /** Whether privileged containers of this handler get none of the host's devices (VM runtimes, for one). */
    default boolean privilegedWithoutHostDevices() {
        return false;
    }

    /** What this handler can do, reported to the kubelet in {@code Status}. */
    RuntimeFeatures features();

    /** A one-line human description: the runtime binary, its type and version, for logs and the shell. */
    String describe();

    /**
     * Makes a pod sandbox: its pinned namespaces, cgroup, and the files its containers share. On failure nothing of
     * it remains.
     */
    SandboxInfo runSandbox(SandboxRequest request) throws RuntimeHandlerException;

    /** Stops what runs in the sandbox and releases its namespaces' processes; idempotent. */
    void stopSandbox(String sandboxId) throws RuntimeHandlerException;

    /**
     * Whether the sandbox still runs as it was made. A sandbox that can end by itself (a VM whose QEMU died) answers
     * false, and the core reports its pod NOT_READY, so that the kubelet makes it again; so does a sandbox whose
     * run-time state a node reboot took (pinned namespaces end with their removal, or with the node).
     */
    default boolean sandboxRunning(String sandboxId) {
        return true;
    }

    /** Removes everything the sandbox left; idempotent, also for a sandbox this handler never saw. */
    void removeSandbox(String sandboxId) throws RuntimeHandlerException;

    /** Creates a container under its monitor, not yet started. On failure nothing of it remains. */
    ContainerState createContainer(ContainerRequest request) throws RuntimeHandlerException;

    void startContainer(String containerId) throws RuntimeHandlerException;

    /** Sends {@code stopSignal}, waits up to {@code timeout}, then kills; idempotent for an exited container. */
    void stopContainer(String containerId, Duration timeout, String stopSignal) throws RuntimeHandlerException;

    /** Removes a container (killing it first if it runs); idempotent. */
    void removeContainer(String containerId) throws RuntimeHandlerException;

    ContainerState containerState(String containerId) throws RuntimeHandlerException;

    /**
     * What the runtime was given for a container (its type, binary and OCI spec as applied), for inspection; empty
     * when this handler keeps none of it or does not know the container.
     */
    default java.util.Optional<ContainerRuntimeInfo> runtimeInfo(String containerId) {
        return java.util.Optional.empty();
    }

    /**
     * Runs a command in a running container and waits for it, capturing at most {@code maxOutputBytes} of stdout and
     * stderr together, the truncation marker included (capture through an {@link ExecOutput}); the rest is drained
     * and dropped, so the command is never blocked on a full pipe. A command past the timeout is killed (and
     * reaped). A null timeout means none: the call waits as long as the command runs (the CRI's timeout 0).
     */
    ExecResult execSync(String containerId, List<String> command, Duration timeout, int maxOutputBytes)
            throws RuntimeHandlerException;

    void updateResources(String containerId, OciResources resources) throws RuntimeHandlerException;

    /** The container's CPU and memory use, from its cgroup where the handler has one. */
    ResourceUsage containerUsage(String containerId) throws RuntimeHandlerException;

    /**
     * Applies new pod-level resources (UpdatePodSandboxResources: the sum of the containers' limits and the pod
     * overhead, see {@link PodResources#total()}) to what this handler sizes per pod: its pod cgroup, a VM.
     * Handlers that size nothing per pod keep the default, which refuses with FAILED_PRECONDITION.
     *
     * @since SPI 1.11
     */
    default void updateSandboxResources(String sandboxId, PodResources resources) throws RuntimeHandlerException {
        throw new RuntimeHandlerException(RuntimeHandlerException.Kind.FAILED_PRECONDITION, "pod sandbox "
                + sandboxId + ": runtime handler '" + getClass().getSimpleName()
                + "' cannot change a pod's resources");
    }

    /** The pod's CPU and memory use (its containers' included) and its network interfaces' counters. */
    ResourceUsage sandboxUsage(String sandboxId) throws RuntimeHandlerException;

    /**
     * What an operator wants to know of a pod sandbox beyond the core's record (for a VM: its QEMU pid, accelerator,
     * memory, vCPUs, boot time), as short named values in a stable order, for the shell and the verbose
     * PodSandboxStatus; empty when the handler has nothing to add or does not know the sandbox. Never fails.
     */
    default java.util.Map<String, String> sandboxDetails(String sandboxId) {
        return java.util.Map.of();
    }

    /** Makes the container's monitor reopen its log file (after the kubelet rotated it). */
    void reopenLog(String containerId) throws RuntimeHandlerException;

    /**
     * Starts a command in a running container for a client that talks to it while it runs (kubectl exec), with a
     * terminal when {@code tty}. Closing the returned process kills it if it still runs.
     */
    default InteractiveProcess exec(String containerId, List<String> command, boolean tty)
            throws RuntimeHandlerException {
        throw new RuntimeHandlerException(RuntimeHandlerException.Kind.FAILED, "handler '" + getClass().getSimpleName() + "' does not support exec streams");
    }

    /**
     * Reaches the running container's own process through its monitor (kubectl attach): its output from now on, and
     * its standard input when the container was created with stdin open.
     */
    default InteractiveProcess attach(String containerId, boolean tty) throws RuntimeHandlerException {
        throw new RuntimeHandlerException(RuntimeHandlerException.Kind.FAILED, "handler '" + getClass().getSimpleName() + "' does not support attach");
    }

    /** Connects to {@code port} on the loopback address inside the pod's network (kubectl port-forward). */
    default SocketChannel dialPort(String sandboxId, int port) throws IOException {
        throw new IOException("handler '" + getClass().getSimpleName() + "' does not support port forwarding");
    }
}
