package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED_PRECONDITION;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;
import static dev.orca.spi.RuntimeHandlerException.Kind.TIMED_OUT;

import dev.orca.os.FileTrees;
import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.AgentException;
import dev.orca.runtime.vm.internal.agent.ExitStatus;
import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers of VM pods, run by each pod's agent. Each container's record and spec live under
 * {@code <run root>/containers/<id>/}; its output arrives on its channel and goes to its CRI log; its exit is
 * recorded when the agent reports it (also re-sent after a reconnect), or, when the VM is gone, as exited with the
 * reason {@value #VM_EXITED}.
 */
final class VmContainers {

    private static final Logger LOG = LoggerFactory.getLogger(VmContainers.class);
    static final String VM_EXITED = "VM exited";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final VmPods pods;
    private final SharedMounts shared;
    private final ContainerRecords records;
    private final Duration bootTimeout;
    private final GuestSeccomp seccomp = new GuestSeccomp();
    private final Map<String, ContainerOutput> outputs = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    VmContainers(VmPods pods, SharedMounts shared, Path runRoot, Duration bootTimeout) {
        this.pods = pods;
        this.shared = shared;
        this.records = new ContainerRecords(runRoot);
        this.bootTimeout = bootTimeout;
    }

    ContainerState create(ContainerRequest request) throws RuntimeHandlerException {
        String id = request.id();
        if (id == null || !id.matches("[A-Za-z0-9_.-]+")) {
            throw new RuntimeHandlerException(INVALID, "container id \"" + id + "\" is not a valid container id");
        }
        OciSpec spec = request.spec();
        if (spec == null || spec.process() == null || spec.root() == null) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": the spec has no process or root");
        }
        PodVm vm = pods.vm(request.sandboxId());
        synchronized (lock(id)) {
            if (records.exists(id)) {
                throw new RuntimeHandlerException(INVALID, "container " + id + " already exists");
            }
            try {
                vm.awaitPrepared(remainingBoot(vm));
            } catch (RuntimeHandlerException e) {
                if (e.kind() != TIMED_OUT) {
                    throw e;
                }
                // the time left of the boot, not the whole, was waited: say the configured one, as the watcher does
                throw new RuntimeHandlerException(TIMED_OUT, "pod sandbox " + vm.id() + ": its VM did not boot within "
                        + bootTimeout.toSeconds() + " s (" + VmKeys.BOOT_TIMEOUT_SECONDS + ") and is killed"
                        + vm.consoleTail());
            }
            pods.connectNetwork(vm);
            AgentConnection agent = vm.connected();
            int channel = vm.nextChannel();
            Fields fields;
            SharedMounts.Shared paths;
            try {
                paths = shared.share(vm.dir(), id, spec);
                fields = CreateFields.create(id, channel, spec, paths.rootfs(),
                        s -> paths.sources().getOrDefault(s, s), request.stdin(), vm.record().podPid(), seccomp);
            } catch (IOException | IllegalArgumentException e) {
                throw new RuntimeHandlerException(INVALID, "container " + id + ": " + e.getMessage(), e);
            }
            ContainerRecord record = new ContainerRecord(id, request.sandboxId(), channel,
                    request.logPath() == null ? null : request.logPath().toString(), request.stdin(),
                    request.stdinOnce(), request.tty(), 0, ContainerRecord.now(), 0, 0, -1, null, null);
            try {
                records.create(record, spec);
                agent.listen(channel, output(record));
                int pid = (int) agent.call(fields, PodVm.CALL_TIMEOUT).number("pid", 0);
                record = new ContainerRecord(id, record.sandboxId(), channel, record.logPath(), record.stdin(),
                        record.stdinOnce(), record.tty(), pid, record.createdNanos(), 0, 0, -1, null, null);
                records.write(record);
                LOG.info("container {} created in pod sandbox {} (channel {}, guest pid {})", id, vm.id(), channel,
                        pid);
                return record.state();
            } catch (IOException e) {
                discard(vm, id, channel);
                throw failure("container " + id, e);
            }
        }
    }

    private Duration remainingBoot(PodVm vm) {
        long elapsed = System.currentTimeMillis() - vm.record().launchedAtMillis();
        return Duration.ofMillis(Math.max(1000, bootTimeout.toMillis() - elapsed));
    }

    void start(String id) throws RuntimeHandlerException {
        synchronized (lock(id)) {
            ContainerRecord record = record(id);
            if (record.state().phase() != Phase.CREATED) {
                throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " cannot start: it is "
                        + record.state().phase());
            }
            call(record, Fields.of("op", "start", "id", id));
            update(id, r -> r.exited() ? r : r.started(ContainerRecord.now()));
        }
    }

    void stop(String id, Duration timeout, String stopSignal) throws RuntimeHandlerException {
        int signal;
        try {
            signal = Signals.number(stopSignal);
        } catch (IllegalArgumentException e) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": stop signal " + e.getMessage());
        }
        ContainerRecord record = record(id);
        if (!isLive(state(id))) {
            return;
        }
        ContainerOutput output = output(record);
        if (!signalOrKillVm(record, Fields.of("op", "signal", "id", id).add("signal", signal)
                .add("all", signal == 9 ? 1 : 0)) || awaitExit(id, output, signal == 9 ? KILL_WAIT : timeout)) {
            return;
        }
        LOG.info("container {} still runs {} ms after signal {}: killing it", id, timeout.toMillis(), signal);
        if (!signalOrKillVm(record, Fields.of("op", "signal", "id", id, "signal", "9", "all", "1"))) {
            return;
        }
        if (!awaitExit(id, output, KILL_WAIT)) {
            throw new RuntimeHandlerException(TIMED_OUT, "container " + id + " did not exit within "
                    + KILL_WAIT.toSeconds() + " s of SIGKILL");
        }
    }

    /**
     * Sends a stop's signal; true when the agent took it. An agent that does not answer cannot stop anything, and
     * the pod could then never be stopped: its VM is killed instead (every container of the pod reads
     * {@value #VM_EXITED}), and false says the container is gone.
     */
    private boolean signalOrKillVm(ContainerRecord record, Fields request) throws RuntimeHandlerException {
        try {
            call(record, request);
            return true;
        } catch (RuntimeHandlerException e) {
            if (e.kind() != TIMED_OUT) {
                throw e;
            }
            PodVm vm = vmOf(record);
            LOG.warn("container {}: {}; killing the VM of pod sandbox {}", record.id(), e.getMessage(), vm.id());
            vm.markGone("its agent did not answer a stop within " + PodVm.CALL_TIMEOUT.toSeconds()
                    + " s and the VM (QEMU pid " + vm.record().pid() + ") was killed");
            vm.kill();
            return false;
        }
    }

    private boolean awaitExit(String id, ContainerOutput output, Duration timeout) throws RuntimeHandlerException {
        try {
            output.exit().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !isLive(state(id));
        } catch (ExecutionException e) {
            return !isLive(state(id));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeHandlerException(FAILED, "interrupted waiting for container " + id + " to exit");
        }
    }

    /** Kills it in the guest and removes it there (when the VM still runs), then its mounts and files. */
    void remove(String id) throws RuntimeHandlerException {
        if (!records.exists(id)) {
            return;
        }
        synchronized (lock(id)) {
            ContainerRecord record = record(id);
            PodVm vm;
            try {
                vm = pods.vm(record.sandboxId());
            } catch (RuntimeHandlerException e) {
                vm = null;
            }
            discard(vm, id, record.channel());
        }
        locks.remove(id);
        records.forget(id);
    }

    private void discard(PodVm vm, String id, int channel) {
        if (vm != null && vm.alive()) {
            try {
                AgentConnection agent = vm.connected();
                agent.call(Fields.of("op", "remove", "id", id), PodVm.CALL_TIMEOUT);
                agent.forget(channel);
            } catch (RuntimeHandlerException | IOException e) {
                LOG.warn("container {}: not removed in its VM: {}", id, e.getMessage());
            }
        }
        ContainerOutput output = outputs.remove(id);
        if (output != null) {
            output.closeLog();
        }
        try {
            if (vm != null) {
                shared.unshare(vm.dir(), id);
            }
            FileTrees.delete(records.dir(id));
        } catch (IOException e) {
            LOG.warn("container {}: cannot delete its files: {}", id, e.getMessage());
        }
    }

    /** The recorded state; a container not yet exited whose VM is gone has exited with {@value #VM_EXITED}. */
    ContainerState state(String id) throws RuntimeHandlerException {
        ContainerRecord record = record(id);
        if (record.exited()) {
            return record.state();
        }
        PodVm vm;
        try {
            vm = pods.vm(record.sandboxId());
        } catch (RuntimeHandlerException e) {
            return lost(id, "its pod sandbox " + record.sandboxId() + " is gone").state();
        }
        if (!vm.alive()) {
            return lost(id, "pod sandbox " + vm.id() + ": " + vm.whyGone()).state();
        }
        try {
            vm.connected();
        } catch (RuntimeHandlerException e) {
            LOG.debug("container {}: {}", id, e.getMessage());
        }
        return record(id).state();
    }

    private ContainerRecord lost(String id, String why) throws RuntimeHandlerException {
        return update(id, r -> r.exited() ? r : r.lost(VM_EXITED, why));
    }

    void updateResources(String id, OciResources resources) throws RuntimeHandlerException {
        ContainerRecord record = record(id);
        if (!isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id
                    + " has exited: its resources cannot be updated");
        }
        call(record, CreateFields.resources(Fields.of("op", "update", "id", id), resources));
    }

    ResourceUsage usage(String id) throws RuntimeHandlerException {
        ContainerRecord record = record(id);
        if (!isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " has exited: no usage");
        }
        Fields stats = call(record, Fields.of("op", "stats", "id", id));
        long timestamp = stats.number("timestamp", 0);
        return new ResourceUsage(timestamp > 0 ? Instant.ofEpochSecond(0, timestamp) : Instant.now(),
                stats.number("cpu_ns", 0), stats.number("memory_working_set", 0), stats.number("memory_usage", 0),
                0, 0);
    }

    void reopenLog(String id) throws RuntimeHandlerException {
        ContainerRecord record = record(id);
        if (!isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id
                    + " is not running: no log to reopen");
        }
        try {
            output(record).reopenLog();
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot reopen its log "
                    + record.logPath() + ": " + e.getMessage(), e);
        }
    }

    Optional<ContainerRuntimeInfo> runtimeInfo(String id, Path qemu) {
        try {
            return Optional.of(new ContainerRuntimeInfo("vm", qemu, records.specText(id)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Closes the containers' logs (the handler goes away; a new instance opens them again). */
    void closeLogs() {
        outputs.values().forEach(ContainerOutput::closeLog);
        outputs.clear();
    }

    /** Routes the channels of a pod's live containers to their logs: called on each new agent connection. */
    void listenAll(String sandboxId, AgentConnection agent) {
        try {
            for (ContainerRecord record : records.liveOf(sandboxId)) {
                agent.listen(record.channel(), output(record));
            }
        } catch (IOException e) {
            LOG.warn("pod sandbox {}: cannot list its containers: {}", sandboxId, e.getMessage());
        }
    }

    /** The container's output listener (one per container; its log opened in append mode). */
    ContainerOutput output(ContainerRecord record) {
        return outputs.computeIfAbsent(record.id(), id -> {
            CriLog log = null;
            if (record.logPath() != null && !record.exited()) {
                try {
                    log = new CriLog(Path.of(record.logPath()), Clock.systemDefaultZone());
                } catch (IOException e) {
                    LOG.warn("container {}: cannot open its log {}: {}", id, record.logPath(), e.getMessage());
                }
            }
            return new ContainerOutput(id, log, status -> {
                try {
                    update(id, r -> r.exited() ? r : r.exited(status));
                } catch (RuntimeHandlerException e) {
                    LOG.warn("container {}: exit {} not recorded: {}", id, status.code(), e.getMessage());
                }
            });
        });
    }

    ContainerRecord record(String id) throws RuntimeHandlerException {
        return records.read(id);
    }

    GuestSeccomp seccomp() {
        return seccomp;
    }

    OciSpec spec(String id) throws RuntimeHandlerException {
        return records.spec(id);
    }

    Fields call(ContainerRecord record, Fields request) throws RuntimeHandlerException {
        PodVm vm = pods.vm(record.sandboxId());
        try {
            return vm.connected().call(request, PodVm.CALL_TIMEOUT);
        } catch (AgentException e) {
            throw failure("container " + record.id(), e);
        }
    }

    static RuntimeHandlerException failure(String what, IOException e) {
        if (e instanceof AgentException agent) {
            return switch (agent.kind()) {
                case REFUSED -> new RuntimeHandlerException(FAILED, agent.getMessage());
                case TIMED_OUT -> new RuntimeHandlerException(TIMED_OUT, what + ": " + agent.getMessage());
                case DISCONNECTED -> new RuntimeHandlerException(FAILED, what + ": " + agent.getMessage());
            };
        }
        return new RuntimeHandlerException(FAILED, what + ": " + e.getMessage(), e);
    }

    private ContainerRecord update(String id, java.util.function.UnaryOperator<ContainerRecord> change)
            throws RuntimeHandlerException {
        return records.update(id, change);
    }

    static boolean isLive(ContainerState state) {
        return state.phase() == Phase.CREATED || state.phase() == Phase.RUNNING;
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }


    /** For exec: the agent connection of a running container's VM. */
    AgentConnection agentOf(ContainerRecord record) throws RuntimeHandlerException {
        return pods.vm(record.sandboxId()).connected();
    }

    PodVm vmOf(ContainerRecord record) throws RuntimeHandlerException {
        return pods.vm(record.sandboxId());
    }

    ExitStatus exitStatusOf(String id) {
        ContainerOutput output = outputs.get(id);
        return output == null ? null : output.exit().getNow(null);
    }
}
