package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED_PRECONDITION;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;
import static dev.orca.spi.RuntimeHandlerException.Kind.NOT_FOUND;

import dev.orca.isolation.cgroups.Cgroup;
import dev.orca.isolation.namespaces.NamespaceType;
import dev.orca.isolation.namespaces.PinnedNamespaces;
import dev.orca.isolation.namespaces.PodNamespaces;
import dev.orca.isolation.network.PodInterfaces;
import dev.orca.isolation.pods.PodFiles;
import dev.orca.os.Linux;
import dev.orca.os.FileTrees;
import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import dev.orca.os.ProcessStat;
import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.runtime.vm.internal.net.TapNetwork;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod sandboxes, each a QEMU VM: pinned network, IPC and UTS namespaces (CNI puts the pod's interface in the network
 * one, and the VM's tap lives there too), the pod's files in the directory shared with the guest, and QEMU started
 * in the pod's network namespace. RunPodSandbox returns once QEMU runs: the guest boots while the core sets up the
 * network; the first container waits for it. A guest that does not boot in time is killed.
 */
final class VmPods {

    private static final Logger LOG = LoggerFactory.getLogger(VmPods.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final VmSettings settings;
    private final PodNamespaces namespaces;
    private final Mounts mounts;
    private final HostCommands commands;
    private final TapNetwork network;
    private final BiConsumer<String, AgentConnection> onConnect;
    private final VmLauncher launcher;
    private final PodInterfaces interfaces;
    private final Map<String, PodVm> vms = new ConcurrentHashMap<>();

    VmPods(VmSettings settings, PodNamespaces namespaces, Mounts mounts, HostCommands commands,
            Supplier<Accelerator> accelerator, BiConsumer<String, AgentConnection> onConnect) {
        this.settings = settings;
        this.namespaces = namespaces;
        this.mounts = mounts;
        this.commands = commands;
        this.network = new TapNetwork(commands);
        this.onConnect = onConnect;
        this.launcher = new VmLauncher(settings, commands, accelerator, onConnect);
        this.interfaces = new PodInterfaces(Linux.networkNamespaces());
    }

    SandboxInfo run(SandboxRequest pod) throws RuntimeHandlerException {
        String who = "pod \"" + pod.namespace() + "/" + pod.name() + "\"";
        refuseHostNamespaces(pod, who);
        VmSize size = VmSize.of(settings, pod);
        if (settings.missingParts().isPresent()) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, who + ": runtime handler \"" + settings.name()
                    + "\" cannot run VMs: " + settings.missingParts().get());
        }
        PodDirectory dir = PodDirectory.of(settings.runRoot(), pod.id());
        if (dir.agentSocket().toString().length() > PodDirectory.MAX_SOCKET_PATH) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, who + ": the agent socket path "
                    + dir.agentSocket() + " is longer than a unix socket allows; configure a shorter run.root");
        }
        if (Files.exists(dir.dir())) {
            throw new RuntimeHandlerException(INVALID, "pod sandbox " + pod.id() + " exists already (or one whose id"
                    + " starts the same, in " + dir.dir() + ")");
        }
        PodVm vm = null;
        try {
            Files.createDirectories(dir.podFiles());
            PinnedNamespaces pinned = namespaces.pin(dir.namespaces(), EnumSet.of(NamespaceType.NET,
                    NamespaceType.IPC, NamespaceType.UTS), pod.hostname().isEmpty() ? null : pod.hostname());
            Map<String, Path> byOciType = new LinkedHashMap<>();
            pinned.path(NamespaceType.NET).ifPresent(p -> byOciType.put("network", p));
            pinned.path(NamespaceType.IPC).ifPresent(p -> byOciType.put("ipc", p));
            pinned.path(NamespaceType.UTS).ifPresent(p -> byOciType.put("uts", p));
            if (pod.pid() == NamespaceMode.POD) {
                // the pod's PID namespace is in the guest (its containers' init is the agent's child): the core needs
                // a name for it in containers' specs, and this file says where it is to whoever looks
                byOciType.put("pid", Files.writeString(dir.dir().resolve("pid-namespace-in-guest"),
                        "the pod's PID namespace is inside its VM; from the node: orca shell, orca:pods\n"));
            }
            Path hosts = Files.writeString(dir.podFiles().resolve("hosts"), PodFiles.hosts(pod));
            Path resolv = Files.writeString(dir.podFiles().resolve("resolv.conf"),
                    PodFiles.resolvConf(pod, Path.of("/etc/resolv.conf")));
            Path hostname = Files.writeString(dir.podFiles().resolve("hostname"), pod.hostname() + "\n");
            SandboxInfo info = new SandboxInfo(pod.id(), byOciType, hosts, resolv, hostname, null,
                    pod.cgroupParent());
            network.createTap(dir.netns());
            PodVm launched = launcher.launch(pod, dir, info, size);
            vm = launched;
            vms.put(pod.id(), launched);
            launcher.watchBoot(launched, pod, () -> deleteTapQuietly(dir));
            return info;
        } catch (IOException | RuntimeException e) {
            if (vm != null) {
                vm.kill();
            }
            RuntimeHandlerException failure = new RuntimeHandlerException(FAILED, who + ": cannot start its VM: "
                    + e.getMessage(), e);
            try {
                takeApart(dir);
                PodCgroup.of(pod.id(), pod.cgroupParent()).remove();
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
                LOG.warn("pod sandbox {}: not all of its half-made sandbox was removed: {}", pod.id(),
                        cleanup.getMessage());
            }
            throw failure;
        }
    }

    private static void refuseHostNamespaces(SandboxRequest pod, String who) throws RuntimeHandlerException {
        List<String> host = new ArrayList<>();
        if (pod.network() == NamespaceMode.NODE) {
            host.add("network");
        }
        if (pod.pid() == NamespaceMode.NODE) {
            host.add("PID");
        }
        if (pod.ipc() == NamespaceMode.NODE) {
            host.add("IPC");
        }
        if (!host.isEmpty()) {
            throw new RuntimeHandlerException(INVALID, who + " asks for the node's " + String.join(", ", host)
                    + " namespace" + (host.size() > 1 ? "s" : "") + ": a VM pod has its own kernel and cannot share"
                    + " the node's namespaces");
        }
    }

    /** The VM of a sandbox, found again from its directory after a restart. */
    PodVm vm(String id) throws RuntimeHandlerException {
        PodVm known = vms.get(id);
        if (known != null) {
            return known;
        }
        if (id == null || !id.matches("[A-Za-z0-9_.-]+")) {
            throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox \"" + id + "\" is not known to this handler");
        }
        PodDirectory dir = PodDirectory.of(settings.runRoot(), id);
        if (!Files.isRegularFile(dir.record())) {
            throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox " + id + " is not known to runtime handler \""
                    + settings.name() + "\"");
        }
        try {
            VmRecord record = VmRecord.read(dir.record());
            if (!record.info().id().equals(id)) {
                throw new RuntimeHandlerException(NOT_FOUND, "pod sandbox " + id + " is not known to runtime handler"
                        + " \"" + settings.name() + "\"");
            }
            PodVm vm = new PodVm(id, dir, record, null, c -> onConnect.accept(id, c));
            PodVm raced = vms.putIfAbsent(id, vm);
            return raced != null ? raced : vm;
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": its record " + dir.record()
                    + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Lets go of every VM, leaving them running: QEMU's agent socket takes one connection at a time, so the next
     * handler instance can only connect once this one has closed its own.
     */
    void disconnectAll() {
        vms.values().forEach(PodVm::disconnect);
        vms.clear();
    }

    /** Whether the pod's QEMU runs; a pod this handler does not know does not run (an unreadable record: unknown). */
    boolean running(String id) {
        try {
            return vm(id).alive();
        } catch (RuntimeHandlerException e) {
            return e.kind() != NOT_FOUND;
        }
    }

    /** Asks the guest to power off, waits a little, then kills QEMU; the namespaces stay until removal. */
    void stop(String id) throws RuntimeHandlerException {
        PodVm vm;
        try {
            vm = vm(id);
        } catch (RuntimeHandlerException e) {
            if (e.kind() == NOT_FOUND) {
                return;
            }
            throw e;
        }
        if (vm.alive()) {
            try {
                vm.connected().call(Fields.of("op", "shutdown"), Duration.ofSeconds(5));
            } catch (RuntimeHandlerException | IOException e) {
                LOG.info("pod sandbox {}: no orderly shutdown ({}); killing its VM", id, e.getMessage());
            }
            if (!vm.awaitExit(SHUTDOWN_WAIT)) {
                LOG.info("pod sandbox {}: the guest did not power off within {} s; killing QEMU", id,
                        SHUTDOWN_WAIT.toSeconds());
            }
        }
        vm.markGone("its VM was stopped");
        vm.kill();
    }

    /** Kills QEMU, unmounts what the shared directory holds, unpins the namespaces (the tap goes with the network). */
    void remove(String id) throws RuntimeHandlerException {
        if (id == null || !id.matches("[A-Za-z0-9_.-]+")) {
            return;
        }
        PodDirectory dir = PodDirectory.of(settings.runRoot(), id);
        PodVm vm = vms.remove(id);
        if (vm == null && Files.isRegularFile(dir.record())) {
            try {
                VmRecord record = VmRecord.read(dir.record());
                if (!record.info().id().equals(id)) {
                    return;
                }
                vm = new PodVm(id, dir, record, null, c -> { });
            } catch (IOException e) {
                LOG.warn("pod sandbox {}: unreadable record ({}); removing without it", id, e.getMessage());
            }
        }
        if (vm != null) {
            vm.markGone("its VM was removed");
            vm.kill();
        }
        if (!Files.exists(dir.dir())) {
            return;
        }
        try {
            if (vm != null) {
                PodCgroup.of(id, vm.record().info().cgroupParent()).remove();
            }
            takeApart(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new RuntimeHandlerException(FAILED, "cannot remove pod sandbox " + id + ": " + e.getMessage(), e);
        }
    }

    /** The pod's new limits (the containers' plus the overhead) on the cgroup its QEMU runs in. */
    void updateResources(String id, dev.orca.spi.PodResources resources) throws RuntimeHandlerException {
        PodVm vm = vm(id);
        dev.orca.spi.oci.OciResources total = resources.total();
        if (total == null) {
            return;
        }
        try {
            PodCgroup.of(id, vm.record().info().cgroupParent()).apply(total);
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot change the cgroup of its VM: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The VM's host view: QEMU's cgroup (CPU user and system time, memory with its RSS and page cache, the limit
     * when that cgroup has one), or QEMU's own CPU time and resident memory where the cgroup cannot be read; and the
     * pod interfaces' counters in its network namespace, the tap left out since it carries the same frames. The
     * guest's containers' use is inside these figures.
     */
    ResourceUsage usage(String id) throws RuntimeHandlerException {
        PodVm vm = vm(id);
        ProcessStat stat = ProcessStat.of(Path.of("/proc"), vm.record().pid()).filter(s -> vm.alive())
                .orElseThrow(() -> new RuntimeHandlerException(FAILED_PRECONDITION, "pod sandbox " + id + ": "
                        + vm.whyGone()));
        ResourceUsage usage;
        String cgroup = PodCgroup.of(id, vm.record().info().cgroupParent()).path();
        try {
            usage = Cgroup.onHost(cgroup).usage().toResourceUsage(Instant.now());
        } catch (IOException e) {
            LOG.debug("pod sandbox {}: QEMU's cgroup {} unreadable ({}); taking its /proc figures", id, cgroup,
                    e.getMessage());
            usage = new ResourceUsage(Instant.now(), stat.cpuNanos(), stat.rssBytes(), stat.rssBytes(), 0, 0);
        }
        try {
            return usage.withNetwork(interfaces.read(vm.dir().netns()).stream()
                    .filter(i -> !i.name().equals(TapNetwork.TAP)).toList());
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot read its interfaces: "
                    + e.getMessage(), e);
        }
    }

    /** QEMU's pid, the accelerator, memory, vCPUs, boot time and guest kernel; empty for a sandbox not known. */
    Map<String, String> details(String id) {
        try {
            PodVm vm = vm(id);
            VmRecord r = vm.record();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("qemuPid", Long.toString(r.pid()));
            details.put("vm", vm.alive() ? "running" : "gone");
            details.put("accelerator", r.accelerator());
            details.put("memoryMib", Integer.toString(r.memoryMib()));
            details.put("vcpus", Integer.toString(r.vcpus()));
            details.put("bootMs", r.bootMillis() < 0 ? "booting" : Long.toString(r.bootMillis()));
            if (!r.guestKernel().isEmpty()) {
                details.put("guestKernel", r.guestKernel());
            }
            return details;
        } catch (RuntimeHandlerException | RuntimeException e) {
            return Map.of();
        }
    }

    /** Tells the guest's NIC the pod interface's MAC, addresses and routes once CNI made it, joined to the tap. */
    void connectNetwork(PodVm vm) throws RuntimeHandlerException {
        synchronized (vm) {
            if (vm.record().networked()) {
                return;
            }
            try {
                var pod = network.podInterface(vm.dir().netns());
                if (pod.isPresent()) {
                    network.redirect(vm.dir().netns(), pod.get());
                    Fields fields = Fields.of("op", "network", "mac", vm.record().mac(), "hwaddr", pod.get().mac())
                            .addAll("address", pod.get().addresses()).addAll("route", pod.get().routes())
                            .add("mtu", pod.get().mtu());
                    vm.connected().call(fields, PodVm.CALL_TIMEOUT);
                    LOG.info("pod sandbox {}: guest NIC takes {} of {} ({})", vm.id(), pod.get().addresses(),
                            pod.get().name(), pod.get().mac());
                }
                vm.update(VmRecord::withNetwork);
            } catch (IOException e) {
                throw new RuntimeHandlerException(FAILED, "pod sandbox " + vm.id() + ": cannot join the pod's"
                        + " network to its VM: " + e.getMessage(), e);
            }
        }
    }

    private void deleteTapQuietly(PodDirectory dir) {
        try {
            if (namespaces.isPinned(dir.namespaces(), NamespaceType.NET)) {
                network.deleteTap(dir.netns());
            }
        } catch (IOException e) {
            LOG.warn("{}: {}", dir.dir(), e.getMessage());
        }
    }

    /** Unmounts everything under the shared directory (deepest first), unpins, deletes the directory. */
    private void takeApart(PodDirectory dir) throws IOException {
        if (!Files.exists(dir.dir())) {
            return;
        }
        List<Path> mounted = new ArrayList<>(mounts.mountPointsUnder(dir.shared()));
        mounted.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : mounted) {
            mounts.unmount(point, MountFlags.MNT_DETACH);
        }
        namespaces.unpin(dir.namespaces());
        FileTrees.delete(dir.dir());
    }
}
