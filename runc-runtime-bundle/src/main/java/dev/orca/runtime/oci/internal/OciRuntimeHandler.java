package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;

import dev.orca.os.Linux;
import dev.orca.isolation.namespaces.PodNamespaces;
import dev.orca.isolation.network.PodInterfaces;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ExecResult;
import dev.orca.spi.HandlerConfiguration;
import dev.orca.spi.InteractiveProcess;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.PodResources;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.oci.OciResources;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RuntimeHandler} per factory configuration: containers run by an OCI CLI runtime (runc, crun, runsc)
 * under conmon. The configuration's {@code orca.runtime.handler} and {@code orca.runtime.default} become the
 * service's properties; a configuration naming a missing binary is refused, and no service is registered.
 */
@Component(service = RuntimeHandler.class, configurationPid = OciRuntimeHandler.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = OciRuntimeHandlerConfiguration.class, factory = true)
public final class OciRuntimeHandler implements RuntimeHandler {

    static final String PID = HandlerConfiguration.FACTORY_PID;
    static final String ORCA_RUN_ROOT = "orca.runroot";
    private static final Logger LOG = LoggerFactory.getLogger(OciRuntimeHandler.class);
    private static final Duration FEATURES_TIMEOUT = Duration.ofSeconds(10);

    private final RuntimeSettings settings;
    private final ProcessCommands processes;
    private final OciContainers containers;
    private final OciSandboxes sandboxes;
    private final ContainerStreams streams;
    private final AnnotationPolicy annotations;
    private final boolean privilegedWithoutHostDevices;
    private final HugepageSupport hugepages = HugepageSupport.ofThisNode();
    private volatile RuntimeFeatures features;
    private final CompletableFuture<String> version;

    @Activate
    public OciRuntimeHandler(BundleContext context, OciRuntimeHandlerConfiguration config) {
        this(HandlerDefinition.of(config), context.getProperty(ORCA_RUN_ROOT));
    }

    private OciRuntimeHandler(HandlerDefinition definition, String orcaRunRoot) {
        this(settingsOf(definition, orcaRunRoot), new ProcessCommands(), definition.allowedAnnotations(),
                definition.privilegedWithoutHostDevices());
    }

    OciRuntimeHandler(RuntimeSettings settings, ProcessCommands processes) {
        this(settings, processes, List.of(), false);
    }

    OciRuntimeHandler(RuntimeSettings settings, ProcessCommands processes, List<String> allowedAnnotations,
            boolean privilegedWithoutHostDevices) {
        this.settings = settings;
        this.annotations = new AnnotationPolicy(settings.name(), allowedAnnotations);
        this.privilegedWithoutHostDevices = privilegedWithoutHostDevices;
        this.processes = processes;
        this.containers = new OciContainers(settings, processes, OomScoreLimit.ofThisProcess(Path.of("/proc")),
                new OomEvidence(Path.of("/sys/fs/cgroup")));
        this.sandboxes = new OciSandboxes(settings.runRoot(), PodNamespaces.onHost(), Linux.mounts(),
                new PodInterfaces(Linux.networkNamespaces()));
        this.streams = new ContainerStreams(containers, sandboxes, Linux.terminals(), Linux.signals(),
                Linux.seqPacketSockets(), Linux.networkNamespaces());
        if (settings.missingBinary().isPresent()) {
            LOG.warn("runtime handler \"{}\" is not offered while its {}", settings.name(),
                    settings.missingBinary().get());
            this.version = CompletableFuture.completedFuture("version unknown");
        } else {
            // The version is for logs and the shell: asked beside the node's start, not in its way.
            this.version = CompletableFuture.supplyAsync(this::askVersion, OciRuntimeHandler::probeThread);
            version.thenRun(() -> LOG.info("runtime handler \"{}\": {}", settings.name(), describe()));
        }
    }

    private static void probeThread(Runnable probe) {
        Thread thread = new Thread(probe, "orca-runtime-version-probe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Optional<String> unavailability() {
        return settings.missingBinary();
    }

    @Override
    public boolean privilegedWithoutHostDevices() {
        return privilegedWithoutHostDevices;
    }

    /** @throws IllegalArgumentException naming the handler and what is wrong (logged, as DS only logs the type) */
    static RuntimeSettings settingsOf(HandlerDefinition definition, String orcaRunRoot) {
        try {
            return definition.settings(orcaRunRoot);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: the handler is not registered", e.getMessage());
            throw e;
        }
    }

    /** A handler of a runtime pack (see {@link HandlerPacks}): not a DS component, closed by the pack's tracker. */
    static OciRuntimeHandler of(HandlerDefinition definition, String orcaRunRoot) {
        return new OciRuntimeHandler(settingsOf(definition, orcaRunRoot), new ProcessCommands(),
                definition.allowedAnnotations(), definition.privilegedWithoutHostDevices());
    }

    @Deactivate
    void deactivate() {
        processes.close();
        containers.close();
        LOG.info("runtime handler \"{}\" withdrawn; its containers keep running under conmon", settings.name());
    }

    /** Asked once: the kubelet's Status calls come every few seconds, and the runtime's answer does not change. */
    @Override
    public RuntimeFeatures features() {
        RuntimeFeatures known = features;
        if (known == null) {
            if (settings.missingBinary().isPresent()) {
                return RuntimeFeatures.NONE;
            }
            known = askFeatures();
            features = known;
        }
        return known;
    }

    private RuntimeFeatures askFeatures() {
        try {
            Commands.Result result = processes.run(containers.cli().features(), null, FEATURES_TIMEOUT);
            return result.ok() ? RuntimeStats.features(result.stdout()) : RuntimeFeatures.NONE;
        } catch (IOException | TimeoutException e) {
            return RuntimeFeatures.NONE;
        }
    }

    /** Waits for the version probe the handler started with, if it has not answered yet. */
    @Override
    public String describe() {
        if (settings.missingBinary().isPresent()) {
            return settings.runtimePath() + " (oci, " + settings.missingBinary().get() + ")";
        }
        return settings.runtimePath() + " (oci, " + version.join() + ") under " + settings.monitorPath() + ", root "
                + settings.runtimeRoot() + ", state in " + settings.runRoot();
    }

    /** The first line of {@code RUNTIME --version}; never throws (the probe has its own timeout). */
    private String askVersion() {
        try {
            Commands.Result result = processes.run(List.of(settings.runtimePath().toString(), "--version"), null,
                    FEATURES_TIMEOUT);
            return result.stdout().lines().findFirst().orElse("version unknown");
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "version unknown";
        }
    }

    @Override
    public SandboxInfo runSandbox(SandboxRequest request) throws RuntimeHandlerException {
        return sandboxes.run(request);
    }

    /** Pinned namespaces end only with their removal, or with the node: a reboot empties the run root. */
    @Override
    public boolean sandboxRunning(String sandboxId) {
        return sandboxes.exists(sandboxId);
    }

    @Override
    public void stopSandbox(String sandboxId) throws RuntimeHandlerException {
        sandboxes.stop(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) throws RuntimeHandlerException {
        sandboxes.remove(sandboxId);
    }

    @Override
    public ResourceUsage sandboxUsage(String sandboxId) throws RuntimeHandlerException {
        return sandboxes.usage(sandboxId);
    }

    /** The pod cgroup the handler made (or the kubelet's cgroup parent) takes the new limits. */
    @Override
    public void updateSandboxResources(String sandboxId, PodResources resources) throws RuntimeHandlerException {
        sandboxes.updateResources(sandboxId, resources);
    }

    @Override
    public ContainerState createContainer(ContainerRequest request) throws RuntimeHandlerException {
        return containers.create(hugepages.apply(annotations.apply(request)));
    }

    @Override
    public void startContainer(String containerId) throws RuntimeHandlerException {
        containers.start(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration timeout, String stopSignal)
            throws RuntimeHandlerException {
        containers.stop(containerId, timeout, stopSignal);
    }

    @Override
    public void removeContainer(String containerId) throws RuntimeHandlerException {
        containers.remove(containerId);
    }

    @Override
    public ContainerState containerState(String containerId) throws RuntimeHandlerException {
        return containers.state(containerId);
    }

    @Override
    public Optional<ContainerRuntimeInfo> runtimeInfo(String containerId) {
        return containers.runtimeInfo(containerId);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout, int maxOutputBytes)
            throws RuntimeHandlerException {
        return containers.exec(containerId, command, timeout, maxOutputBytes);
    }

    @Override
    public void updateResources(String containerId, OciResources resources) throws RuntimeHandlerException {
        containers.update(containerId, resources);
    }

    @Override
    public ResourceUsage containerUsage(String containerId) throws RuntimeHandlerException {
        return containers.usage(containerId);
    }

    @Override
    public void reopenLog(String containerId) throws RuntimeHandlerException {
        containers.reopenLog(containerId);
    }

    @Override
    public InteractiveProcess exec(String containerId, List<String> command, boolean tty)
            throws RuntimeHandlerException {
        return streams.exec(containerId, command, tty);
    }

    @Override
    public InteractiveProcess attach(String containerId, boolean tty) throws RuntimeHandlerException {
        return streams.attach(containerId);
    }

    @Override
    public SocketChannel dialPort(String sandboxId, int port) throws IOException {
        return streams.dialPort(sandboxId, port);
    }
}
