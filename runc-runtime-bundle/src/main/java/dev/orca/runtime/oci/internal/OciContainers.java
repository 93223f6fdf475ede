package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED_PRECONDITION;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;
import static dev.orca.spi.RuntimeHandlerException.Kind.NOT_FOUND;
import static dev.orca.spi.RuntimeHandlerException.Kind.TIMED_OUT;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.ExecOutput;
import dev.orca.spi.ExecResult;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.files.StateFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers of one OCI CLI runtime under conmon: bundle on disk, runtime calls, exit files. It keeps no state
 * in memory but a shortcut to the running ones ({@link LiveContainers}), so after an Orca restart it finds running
 * containers from the runtime and the files on disk.
 */
final class OciContainers {

    private static final Logger LOG = LoggerFactory.getLogger(OciContainers.class);
    static final ObjectMapper SPEC_JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How long a failed kill waits for an end that may be on its way. */
    private static final Duration ENDING_WAIT = Duration.ofSeconds(2);
    /** How long a stopped container's monitor may take to write the exit file. */
    private static final Duration EXIT_FILE_WAIT = Duration.ofSeconds(2);

    private final RuntimeSettings settings;
    private final ContainerLayout layout;
    private final RuntimeCli cli;
    private final ConmonArgs conmon;
    private final Commands commands;
    private final RuntimeCalls calls;
    private final ContainerResources resources;
    private final OomScoreLimit oomScore;
    private final OomEvidence oomEvidence;
    private final ContainerEnds ends;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong execs = new AtomicLong();
    private final java.util.Map<String, RuntimeCli> clis = new java.util.concurrent.ConcurrentHashMap<>();
    private final LiveContainers live = new LiveContainers();
    private final BundleTrash trash;

    OciContainers(RuntimeSettings settings, Commands commands, OomScoreLimit oomScore, OomEvidence oomEvidence) {
        this.settings = settings;
        this.layout = new ContainerLayout(settings.runRoot());
        this.cli = new RuntimeCli(settings);
        this.conmon = new ConmonArgs(settings, cli, layout);
        this.commands = commands;
        this.calls = new RuntimeCalls(settings.runtimePath(), commands);
        this.resources = new ContainerResources(layout, calls);
        this.oomScore = oomScore;
        this.oomEvidence = oomEvidence;
        this.trash = BundleTrash.open(layout.trash(), settings.name());
        this.ends = new ContainerEnds(layout, new ContainerEnds.Witnesses() {
            @Override
            public boolean monitorAlive(String id) {
                return monitor(id).isPresent();
            }

            @Override
            public RuntimeStatus runtime(String id) {
                return runtimeStatusOrUnknown(id);
            }
        });
    }

    /** Finishes deleting removed bundles (for up to five seconds) as the handler goes. */
    void close() {
        trash.close();
    }

    ContainerLayout layout() {
        return layout;
    }

    RuntimeCli cli() {
        return cli;
    }

    /** The command lines for an existing container: those of the runtime it was created with. */
    RuntimeCli cli(String id) {
        return clis.computeIfAbsent(id, c -> {
            RuntimeSettings recorded = RecordedRuntime.settingsFor(layout.bundle(c), settings);
            return recorded.equals(settings) ? cli : new RuntimeCli(recorded);
        });
    }

    /**
     * The command lines for an existing container, when its runtime binary is there to run them: a binary moved away
     * while containers use it is said as such, naming the handler, rather than as a failed process start; and
     * nothing is deleted while the runtime that holds the container's state cannot be asked to.
     */
    RuntimeCli runnableCli(String id) throws RuntimeHandlerException {
        RuntimeCli recorded = cli(id);
        Optional<String> missing = recorded.missingRuntime();
        if (missing.isPresent()) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "runtime handler '" + settings.name()
                    + "' is not available: " + missing.get() + "; container " + id
                    + " cannot be reached until it is back");
        }
        return recorded;
    }

    ContainerState create(ContainerRequest request) throws RuntimeHandlerException {
        String id = request.id();
        if (!ContainerLayout.isValidId(id)) {
            throw new RuntimeHandlerException(INVALID, "container id \"" + id + "\" is not a valid container id");
        }
        if (request.spec() == null || request.spec().process() == null || request.spec().root() == null) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": the spec has no process or root");
        }
        ContainerTimes created = ContainerTimes.createdNow();
        synchronized (lock(id)) {
            Path bundle = layout.bundle(id);
            if (Files.exists(bundle)) {
                throw new RuntimeHandlerException(INVALID, "container " + id + " already exists in " + bundle);
            }
            try {
                Files.createDirectories(layout.exits());
                Files.createDirectories(layout.sockets());
                Files.createDirectories(bundle);
                StateFiles.replaceUnflushed(layout.config(id), SPEC_JSON.writeValueAsBytes(clampOomScore(request.spec())));
                RecordedRuntime.of(settings).write(bundle);
                created.write(layout.times(id));
                if (request.logPath() != null && request.logPath().getParent() != null) {
                    Files.createDirectories(request.logPath().getParent());
                }
            } catch (IOException e) {
                discard(id);
                throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot write its bundle " + bundle
                        + ": " + e.getMessage(), e);
            }
            SyncMessage sync;
            try {
                Commands.MonitorStart started = commands.startMonitor(conmon.create(id, request.logPath(),
                        request.stdin(), request.stdinOnce(), request.tty()), layout.monitorLog(id), CREATE_TIMEOUT);
                StateFiles.replaceUnflushed(layout.monitorPidFile(id), Long.toString(started.monitorPid())
                        .getBytes(StandardCharsets.US_ASCII));
                OptionalLong monitorStarted = MonitorIdentity.startOf(started.monitorPid());
                if (monitorStarted.isPresent()) {
                    StateFiles.replaceUnflushed(layout.monitorStartFile(id), Long.toString(monitorStarted.getAsLong())
                            .getBytes(StandardCharsets.US_ASCII));
                }
                sync = SyncMessage.parse(started.syncLine());
            } catch (IOException e) {
                discard(id);
                throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot start the monitor "
                        + settings.monitorPath() + ": " + e.getMessage(), e);
            }
            if (sync.failed()) {
                String monitorSaid = readQuietly(layout.monitorLog(id));
                discard(id);
                throw new RuntimeHandlerException(FAILED, "container " + id + ": " + settings.runtimePath()
                        + " create failed: " + sync.error() + (monitorSaid.isBlank() ? "" : " (conmon: "
                        + monitorSaid.strip() + ")"));
            }
            LOG.info("container {} created by {} under conmon, pid {}", id, settings.runtimePath(), sync.pid());
            // conmon reported the runtime's create done and its pid: the runtime is not asked again
            return ContainerStates.of(id, new RuntimeStatus("created", sync.pid()), Optional.empty(), created, false);
        }
    }

    void start(String id) throws RuntimeHandlerException {
        synchronized (lock(id)) {
            // a container neither started nor ended is created, or the runtime's start says why not: no state call
            if (!neverStartedNorEnded(id)) {
                ContainerState state = state(id);
                if (state.phase() != Phase.CREATED) {
                    throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " cannot start: it is "
                            + ContainerStates.describe(state));
                }
            }
            Commands.Result result = calls.call(id, "start", runnableCli(id).start(id), null);
            if (!result.ok()) {
                throw new RuntimeHandlerException(FAILED, "container " + id + ": start failed: "
                        + SyncMessage.runtimeError(result.stderr()));
            }
            try {
                ContainerTimes.read(layout.times(id)).startedNow().write(layout.times(id));
            } catch (IOException e) {
                LOG.warn("container {} started but its start time could not be recorded: {}", id, e.getMessage());
            }
        }
    }

    /** Whether {@code id} names a container of this handler: a valid ID with a bundle. */
    private boolean known(String id) {
        return ContainerLayout.isValidId(id) && Files.isDirectory(layout.bundle(id));
    }

    /** A known container with no start time and no recorded exit: created, as far as its own files say. */
    private boolean neverStartedNorEnded(String id) throws RuntimeHandlerException {
        return known(id) && ContainerTimes.read(layout.times(id)).startedAt() == null && ends.recorded(id).isEmpty();
    }

    ContainerState state(String id) throws RuntimeHandlerException {
        if (!known(id)) {
            throw new RuntimeHandlerException(NOT_FOUND, "container " + id + " not found in " + layout.containers());
        }
        Optional<ContainerState> stillRunning = live.stillRunning(id);
        if (stillRunning.isPresent()) {
            return stillRunning.get();
        }
        ContainerTimes times = ContainerTimes.read(layout.times(id));
        Optional<ExitRecord> exit = ends.recorded(id);
        Optional<Running> running = exit.isPresent() ? Optional.empty() : runningByItsFiles(id, times);
        RuntimeStatus runtime = exit.isPresent() ? RuntimeStatus.UNKNOWN
                : running.map(Running::status).orElseGet(() -> runtimeStatusOrUnknown(id));
        if (exit.isEmpty() && runtime.status().equals("stopped")) {
            exit = ends.await(id, EXIT_FILE_WAIT);
        }
        boolean oom = exit.isPresent() && oomSeen(id);
        ContainerState state = ContainerStates.of(id, runtime, exit, times, oom);
        running.ifPresent(r -> live.sawRunning(id, new LiveContainers.Seen(state, r.monitor(), r.process(),
                layout.exitFile(id))));
        return state;
    }

    /** A container found running by its files: what the runtime would say, and its monitor and process. */
    private record Running(RuntimeStatus status, ProcessHandle monitor, ProcessHandle process) {
    }

    /**
     * A started container whose process and monitor are alive is running: said without asking the runtime, since
     * the kubelet lists every container each second and a {@code runc state} per container per second is what a
     * node can least afford. An exited one is known by its exit file; only the rest is asked of the runtime.
     */
    private Optional<Running> runningByItsFiles(String id, ContainerTimes times) {
        if (times.startedAt() == null) {
            return Optional.empty();
        }
        Optional<ProcessHandle> monitor = monitor(id);
        if (monitor.isEmpty()) {
            return Optional.empty();
        }
        try {
            int pid = Integer.parseInt(Files.readString(layout.containerPidFile(id)).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> new Running(new RuntimeStatus("running", pid), monitor.get(), p));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private RuntimeStatus runtimeStatusOrUnknown(String id) {
        try {
            return runtimeStatus(id);
        } catch (RuntimeHandlerException e) {
            LOG.warn("container {}: {}", id, e.getMessage());
            return RuntimeStatus.UNKNOWN;
        }
    }

    /** Sends {@code signal}, waits up to {@code timeout} for the exit, then SIGKILL; nothing to do once exited. */
    void stop(String id, Duration timeout, String signal) throws RuntimeHandlerException {
        String name;
        try {
            name = RuntimeCli.signalName(signal);
        } catch (IllegalArgumentException e) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": stop signal " + e.getMessage());
        }
        synchronized (lock(id)) {
            if (!isLive(state(id))) {
                retire(id);
                return;
            }
            signal(id, name);
            boolean killed = name.equals("SIGKILL") || name.equals("KILL") || name.equals("9");
            if (ends.await(id, killed ? KILL_WAIT.plus(timeout) : timeout).isPresent()) {
                retire(id);
                return;
            }
            if (killed) {
                throw new RuntimeHandlerException(TIMED_OUT, "container " + id + " did not exit within "
                        + KILL_WAIT.toSeconds() + " s of SIGKILL");
            }
            LOG.info("container {} still runs {} ms after {}: killing it", id, timeout.toMillis(), name);
            signal(id, "SIGKILL");
            if (ends.await(id, KILL_WAIT).isEmpty()) {
                throw new RuntimeHandlerException(TIMED_OUT, "container " + id + " did not exit within "
                        + KILL_WAIT.toSeconds() + " s of SIGKILL");
            }
            retire(id);
        }
    }

    /**
     * Deletes an ended container from its runtime (its record and cgroup), as containerd's shim does when the
     * process exits, so that RemoveContainer has no runtime call left to make; the cgroup's OOM count goes with it,
     * so an OOM kill it shows is noted in the bundle first. A delete that fails is logged and left to the remove.
     */
    private void retire(String id) {
        Path deleted = layout.runtimeDeleted(id);
        if (Files.exists(deleted) || !Files.isDirectory(layout.bundle(id))) {
            return;
        }
        RuntimeCli runtime = cli(id);
        if (runtime.missingRuntime().isPresent()) {
            return; // RemoveContainer says so when it needs the runtime
        }
        try {
            if (oomSeen(id)) {
                noteQuietly(layout.oomMarker(id));
            }
            Commands.Result result = commands.run(runtime.delete(id), null, CALL_TIMEOUT);
            if (result.ok() || result.stderr().contains("does not exist")) {
                noteQuietly(deleted);
            } else {
                LOG.warn("container {}: runtime delete after its exit failed, RemoveContainer tries again: {}", id,
                        SyncMessage.runtimeError(result.stderr()));
            }
        } catch (IOException | TimeoutException e) {
            LOG.warn("container {}: runtime delete after its exit failed, RemoveContainer tries again: {}", id,
                    e.getMessage());
        }
    }

    /** conmon's marker, or the OOM count of the container's cgroup while the runtime has not deleted it. */
    private boolean oomSeen(String id) {
        return Files.exists(layout.oomMarker(id)) || !Files.exists(layout.runtimeDeleted(id))
                && oomEvidence.seen(layout.oomMarker(id), resources.cgroupsPath(id));
    }

    /** Kills a live container, deletes it from the runtime, ends its monitor and removes its files; idempotent. */
    void remove(String id) throws RuntimeHandlerException {
        if (!ContainerLayout.isValidId(id)) {
            return;
        }
        synchronized (lock(id)) {
            if (!Files.isDirectory(layout.bundle(id))) {
                live.forget(id);
                discard(id);
                locks.remove(id);
                return;
            }
            // deleted from the runtime after its exit (StopContainer's usual end): nothing of it can run any more
            if (!Files.exists(layout.runtimeDeleted(id))) {
                runnableCli(id);
                // a container that never started is ended by the runtime's delete --force: runsc cannot signal one
                if (state(id).phase() == Phase.RUNNING) {
                    stop(id, Duration.ZERO, "SIGKILL");
                }
            }
            live.forget(id);
            discard(id);
        }
        locks.remove(id);
    }

    ExecResult exec(String id, List<String> command, Duration timeout, int maxOutputBytes)
            throws RuntimeHandlerException {
        if (command == null || command.isEmpty()) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": exec without a command");
        }
        ContainerState state = state(id);
        if (state.phase() != Phase.RUNNING) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " is " + state.phase()
                    + ": cannot exec " + command);
        }
        Path pidFile = layout.execPidFile(id, execs.incrementAndGet());
        Path processFile = ExecProcessFile.beside(pidFile);
        try (ExecOutput output = ExecOutput.spillingToTemporaryFiles(maxOutputBytes)) {
            ExecProcessFile.write(layout.config(id), processFile, command, false);
            int exitCode = commands.capture(runnableCli(id).exec(id, pidFile, processFile), pidFile, timeout,
                    output);
            return output.result(exitCode);
        } catch (TimeoutException e) {
            killInSandbox(id, RuntimeCli.sentryPidFile(pidFile));
            throw new RuntimeHandlerException(TIMED_OUT, "exec " + command + " in container " + id
                    + " did not finish within " + timeout.toMillis() + " ms; it was killed");
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "exec " + command + " in container " + id + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(pidFile);
            deleteQuietly(processFile);
            deleteQuietly(RuntimeCli.sentryPidFile(pidFile));
        }
    }

    void update(String id, OciResources update) throws RuntimeHandlerException {
        if (!isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id
                    + " has exited: its resources cannot be updated");
        }
        resources.update(id, runnableCli(id), update);
    }

    /** Kills a timed-out exec's process inside a gVisor sandbox, where killing runsc's host process leaves it. */
    private void killInSandbox(String id, Path sentryPidFile) {
        if (!cli(id).runsInSentry()) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(sentryPidFile).strip());
            Commands.Result killed = commands.run(cli(id).killInSandbox(id, pid), null, CALL_TIMEOUT);
            if (!killed.ok()) {
                LOG.warn("container {}: timed-out exec (pid {} in the sandbox) not killed: {}", id, pid,
                        SyncMessage.runtimeError(killed.stderr()));
            }
        } catch (IOException | NumberFormatException | TimeoutException e) {
            LOG.warn("container {}: timed-out exec not killed in the sandbox: {}", id, e.getMessage());
        }
    }

    /** Asks conmon to reopen the log (control message type 2), after the kubelet rotated it. */
    void reopenLog(String id) throws RuntimeHandlerException {
        if (!isLive(state(id)) || monitor(id).isEmpty()) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id
                    + " is not running: no monitor to reopen its log");
        }
        // O_RDWR on a fifo never blocks, unlike O_WRONLY when conmon has just gone away
        try (RandomAccessFile ctl = new RandomAccessFile(layout.controlFifo(id).toFile(), "rw")) {
            ctl.write("2 0 0\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot write to conmon's control fifo "
                    + layout.controlFifo(id) + ": " + e.getMessage(), e);
        }
    }

    /** CPU and memory of a live container. */
    ResourceUsage usage(String id) throws RuntimeHandlerException {
        if (!isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " has exited: no usage");
        }
        return resources.usage(id, cli(id));
    }

    private static boolean isLive(ContainerState state) {
        return state.phase() == Phase.CREATED || state.phase() == Phase.RUNNING;
    }

    private void signal(String id, String signal) throws RuntimeHandlerException {
        // also when signalled directly: the stop ends with the runtime's delete, which needs it
        RuntimeCli runtime = runnableCli(id);
        if (signalDirectly(id, signal)) {
            return;
        }
        Commands.Result result = calls.call(id, "kill", runtime.kill(id, signal), null);
        // a container ending meanwhile fails the runtime's kill (runsc: its sandbox is gone, "connection refused")
        // before conmon has written the exit: its end is waited for a moment before the failure stands
        if (!result.ok() && ends.await(id, ENDING_WAIT).isEmpty() && isLive(state(id))) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": kill " + signal + " failed: "
                    + SyncMessage.runtimeError(result.stderr()));
        }
    }

    /**
     * SIGTERM or SIGKILL to a container seen running, sent without a runtime process, as the runtime itself would
     * send it (kill(2) to the container's first process); the handle knows the process's start time, so a reused pid
     * is never signalled. runsc's host process is not the container's, and other signals, go through the runtime.
     */
    private boolean signalDirectly(String id, String signal) {
        if (cli(id).runsInSentry()) {
            return false;
        }
        Optional<ProcessHandle> process = live.process(id);
        if (process.isEmpty()) {
            return false;
        }
        return switch (signal) {
            case "SIGTERM", "TERM", "15" -> process.get().destroy();
            case "SIGKILL", "KILL", "9" -> process.get().destroyForcibly();
            default -> false;
        };
    }

    private RuntimeStatus runtimeStatus(String id) throws RuntimeHandlerException {
        Commands.Result result = calls.call(id, "state", cli(id).state(id), null);
        if (!result.ok()) {
            return RuntimeStatus.UNKNOWN;
        }
        try {
            return RuntimeStatus.parse(result.stdout());
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": unreadable runtime state: "
                    + e.getMessage(), e);
        }
    }

    /** Whatever is left of a container: the runtime's record, a live monitor, the bundle and the exit file. */
    private void discard(String id) {
        try {
            if (!Files.exists(layout.runtimeDeleted(id))) {
                Commands.Result deleted = commands.run(cli(id).delete(id), null, CALL_TIMEOUT);
                if (!deleted.ok() && !deleted.stderr().contains("does not exist")) {
                    LOG.warn("container {}: runtime delete failed: {}", id,
                            SyncMessage.runtimeError(deleted.stderr()));
                }
            }
        } catch (IOException | TimeoutException e) {
            LOG.warn("container {}: runtime delete failed: {}", id, e.getMessage());
        }
        monitor(id).ifPresent(ProcessHandle::destroyForcibly);
        resources.forget(id);
        trash.discard(layout.bundle(id));
        deleteQuietly(layout.exitFile(id));
        clis.remove(id);
    }

    /**
     * The container's conmon while it lives: the process of its recorded pid, running the monitor's binary, and started
     * when the monitor started ({@link MonitorIdentity}), so that a conmon of a later container that was given the same
     * pid (this host's pid_max is 32,768) is never taken for it, nor killed with it.
     */
    private Optional<ProcessHandle> monitor(String id) {
        try {
            long pid = Long.parseLong(Files.readString(layout.monitorPidFile(id)).strip());
            OptionalLong started = MonitorIdentity.recordedStart(layout.monitorStartFile(id));
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> MonitorIdentity.isTheMonitor(p.info().command(), started.isPresent()
                            ? MonitorIdentity.startOf(pid) : OptionalLong.empty(), settings.monitorPath(), started));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private OciSpec clampOomScore(OciSpec spec) {
        OciProcess p = spec.process();
        Integer clamped = oomScore.clamp(p.oomScoreAdj());
        if (java.util.Objects.equals(clamped, p.oomScoreAdj())) {
            return spec;
        }
        LOG.info("oom_score_adj {} raised to {}: this process lacks CAP_SYS_RESOURCE", p.oomScoreAdj(), clamped);
        OciProcess process = new OciProcess(p.terminal(), p.user(), p.args(), p.env(), p.cwd(), p.capabilities(),
                p.rlimits(), p.noNewPrivileges(), clamped, p.apparmorProfile());
        return new OciSpec(spec.ociVersion(), process, spec.root(), spec.hostname(), spec.mounts(), spec.linux(),
                spec.annotations());
    }

    /** The container's config.json as written at create, and the runtime it was created with; empty if gone. */
    Optional<ContainerRuntimeInfo> runtimeInfo(String id) {
        if (!ContainerLayout.isValidId(id)) {
            return Optional.empty();
        }
        try {
            String spec = Files.readString(layout.config(id));
            // the runtime it was created with, as read once for its command lines
            return Optional.of(new ContainerRuntimeInfo(HandlerDefinition.OCI, cli(id).runtimePath(), spec));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** A small file's text, or "" when it cannot be read. */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void noteQuietly(Path file) {
        try {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // noted before
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    /** Deletes a file if it is there; a failure is logged. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
