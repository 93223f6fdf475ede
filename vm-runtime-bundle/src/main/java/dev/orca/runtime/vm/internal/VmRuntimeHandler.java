package dev.orca.runtime.vm.internal;

import dev.orca.isolation.namespaces.PodNamespaces;
import dev.orca.os.Linux;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ExecResult;
import dev.orca.spi.InteractiveProcess;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.oci.OciResources;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RuntimeHandler} per factory configuration of {@value VmKeys#FACTORY_PID}: each pod runs in its own QEMU
 * virtual machine (KVM when a KVM guest can run here, TCG otherwise), its containers run by Orca's guest agent. VMs
 * outlive the handler: a new instance finds them again from their state directories.
 */
@Component(service = RuntimeHandler.class, configurationPid = VmKeys.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = VmHandlerConfiguration.class, factory = true)
public final class VmRuntimeHandler implements RuntimeHandler {

    static final String ORCA_RUN_ROOT = "orca.runroot";
    private static final Logger LOG = LoggerFactory.getLogger(VmRuntimeHandler.class);

    private final VmSettings settings;
    private final HostCommands commands;
    private final CompletableFuture<AcceleratorProbe.Choice> accelerator;
    private final VmPods pods;
    private final VmContainers containers;
    private final VmStreams streams;
    private volatile String qemuVersion;

    @Activate
    public VmRuntimeHandler(BundleContext context, VmHandlerConfiguration config) {
        this(settingsOf(config, context.getProperty(ORCA_RUN_ROOT)), new SystemCommands());
    }

    VmRuntimeHandler(VmSettings settings, HostCommands commands) {
        this.settings = settings;
        this.commands = commands;
        this.accelerator = settings.missingParts().isPresent()
                ? CompletableFuture.completedFuture(new AcceleratorProbe.Choice(Accelerator.TCG, "not probed: "
                        + settings.missingParts().get()))
                : AcceleratorProbe.once(settings.accelerator(), settings.qemu(), settings.kernel(),
                        () -> new AcceleratorProbe(commands, Path.of("/dev/kvm"))
                                .choose(settings.accelerator(), settings.qemu(), settings.kernel()));
        VmContainers[] late = new VmContainers[1];
        this.pods = new VmPods(settings, PodNamespaces.onHost(), Linux.mounts(), commands, this::accelerator,
                (sandbox, agent) -> late[0].listenAll(sandbox, agent));
        this.containers = new VmContainers(pods, new SharedMounts(Linux.mounts()), settings.runRoot(),
                settings.bootTimeout());
        late[0] = containers;
        this.streams = new VmStreams(containers, pods);
        settings.missingParts().ifPresentOrElse(
                why -> LOG.warn("runtime handler \"{}\" is not offered while its {}", settings.name(), why),
                () -> accelerator.thenAccept(choice -> LOG.info("runtime handler \"{}\": {}", settings.name(),
                        describe())));
    }

    /** @throws IllegalArgumentException naming the handler and what is wrong (logged, as DS only logs the type) */
    static VmSettings settingsOf(VmHandlerConfiguration config, String orcaRunRoot) {
        try {
            return VmSettings.of(config, orcaRunRoot);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: the handler is not registered", e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        pods.disconnectAll();
        containers.closeLogs();
        LOG.info("runtime handler \"{}\" withdrawn; its VMs keep running", settings.name());
    }

    private Accelerator accelerator() {
        return accelerator.join().accelerator();
    }

    @Override
    public Optional<String> unavailability() {
        return settings.missingParts();
    }

    @Override
    public boolean privilegedWithoutHostDevices() {
        return true;
    }

    @Override
    public RuntimeFeatures features() {
        return RuntimeFeatures.NONE;
    }

    @Override
    public String describe() {
        if (settings.missingParts().isPresent()) {
            return settings.qemu() + " (vm, " + settings.missingParts().get() + ")";
        }
        String version = qemuVersion;
        if (version == null) {
            try {
                version = commands.check(List.of(settings.qemu().toString(), "--version"), Duration.ofSeconds(10))
                        .lines().findFirst().orElse("version unknown");
            } catch (IOException e) {
                version = "version unknown";
            }
            qemuVersion = version;
        }
        String accel = accelerator.isDone() ? accelerator.join().accelerator().qemuName() + " ("
                + accelerator.join().reason() + ")" : "being probed";
        return settings.qemu() + " (vm, " + version + "), accelerator " + accel + ", kernel " + settings.kernel()
                + ", initramfs " + settings.initramfs() + ", " + settings.memoryMib() + "+"
                + settings.memoryOverheadMib() + " MiB and " + settings.vcpus() + " vCPU per pod, state in "
                + settings.runRoot();
    }

    @Override
    public SandboxInfo runSandbox(SandboxRequest request) throws RuntimeHandlerException {
        return pods.run(request);
    }

    @Override
    public void stopSandbox(String sandboxId) throws RuntimeHandlerException {
        pods.stop(sandboxId);
    }

    /** False once the pod's QEMU has ended (killed, crashed, or the guest powered off by itself). */
    @Override
    public boolean sandboxRunning(String sandboxId) {
        return pods.running(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) throws RuntimeHandlerException {
        pods.remove(sandboxId);
    }

    @Override
    public ResourceUsage sandboxUsage(String sandboxId) throws RuntimeHandlerException {
        return pods.usage(sandboxId);
    }

    /** The cgroup the pod's QEMU runs in takes the new limits; the VM's memory and vCPUs stay as booted. */
    @Override
    public void updateSandboxResources(String sandboxId, dev.orca.spi.PodResources resources)
            throws RuntimeHandlerException {
        pods.updateResources(sandboxId, resources);
    }

    /** The VM's QEMU pid, whether it runs, accelerator, memory (MiB), vCPUs, boot time (ms) and guest kernel. */
    @Override
    public Map<String, String> sandboxDetails(String sandboxId) {
        return pods.details(sandboxId);
    }

    @Override
    public ContainerState createContainer(ContainerRequest request) throws RuntimeHandlerException {
        return containers.create(request);
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

    /** The spec as given to the agent, with the VM's QEMU; its pid, accelerator, memory and boot time are logged. */
    @Override
    public Optional<ContainerRuntimeInfo> runtimeInfo(String containerId) {
        return containers.runtimeInfo(containerId, settings.qemu());
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout, int maxOutputBytes)
            throws RuntimeHandlerException {
        return streams.execSync(containerId, command, timeout, maxOutputBytes);
    }

    @Override
    public void updateResources(String containerId, OciResources resources) throws RuntimeHandlerException {
        containers.updateResources(containerId, resources);
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
        return streams.execStream(containerId, command, tty);
    }

    @Override
    public InteractiveProcess attach(String containerId, boolean tty) throws RuntimeHandlerException {
        return streams.attach(containerId, tty);
    }

    @Override
    public SocketChannel dialPort(String sandboxId, int port) throws IOException {
        return streams.dialPort(sandboxId, port);
    }
}
