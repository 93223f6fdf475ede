package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.Ids;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.core.internal.pods.RecordedMount;
import dev.orca.core.internal.spec.ContainerSecurity;
import dev.orca.core.internal.spec.ContainerSettings;
import dev.orca.core.internal.spec.SpecException;
import dev.orca.core.internal.spec.HandlerDevicePolicy;
import dev.orca.core.internal.spec.SpecGenerator;
import dev.orca.core.internal.wait.Patience;
import dev.orca.cri.v1.Container;
import dev.orca.cri.v1.ContainerFilter;
import dev.orca.cri.v1.ContainerStatus;
import dev.orca.cri.v1.ContainerStatusResponse;
import dev.orca.cri.v1.CreateContainerRequest;
import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ExecResult;
import dev.orca.spi.Image;
import dev.orca.spi.ImageException;
import dev.orca.spi.ImageStore;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container calls: create, start, stop, remove, status, list, ExecSync. */
final class ContainerCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCalls.class);
    private static final Duration LOG_REOPEN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REOPEN_POLL = Duration.ofMillis(5);

    private final RuntimeHandlerRegistry handlers;
    private final NodeState state;
    private final Supplier<ImageStore> images;
    private final SpecGenerator specs;
    private final CoreMetrics metrics;
    private final Lifecycle lifecycle;
    private final EmbeddedSpecs embeddedSpecs = new EmbeddedSpecs();
    private final PodLocks locks;
    /** Names (pod, name, attempt) a CreateContainer is making now, so that a second one fails before making anything. */
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    /** Containers a CreateContainer is making now, which the recovery sweep must leave alone. */
    private final Set<String> making = ConcurrentHashMap.newKeySet();

    ContainerCalls(RuntimeHandlerRegistry handlers, NodeState state, Supplier<ImageStore> images,
            SpecGenerator specs, Lifecycle lifecycle, CoreMetrics metrics, PodLocks locks) {
        this.locks = locks;
        this.handlers = handlers;
        this.state = state;
        this.images = images;
        this.specs = specs;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    private ImageStore images() {
        ImageStore store = images.get();
        if (store == null) {
            throw new CriFailure(Kind.UNAVAILABLE, "no image store is deployed: install the image feature");
        }
        return store;
    }

    /**
     * Makes the container while holding its pod's lock with other container calls, so that the pod cannot be stopped
     * or removed meanwhile; the pod is looked at again once the lock is held. Its name is reserved first, so that a
     * second CreateContainer of the same name fails before it makes anything.
     */
    String create(CreateContainerRequest call, PodRecord found) {
        long arrived = System.nanoTime();
        var metadata = call.getConfig().getMetadata();
        String name = found.id() + "_" + metadata.getName() + "_" + metadata.getAttempt();
        if (!reserved.add(name)) {
            throw new CriFailure(Kind.ALREADY_EXISTS, "container \"" + metadata.getName() + "\" (attempt "
                    + metadata.getAttempt() + ") is being created in pod sandbox " + found.id());
        }
        try {
            return locks.shared(found.id(), () -> create(call, state.pod(found.id()).orElseThrow(() ->
                    new CriFailure(Kind.NOT_FOUND, "container \"" + metadata.getName() + "\": pod sandbox "
                            + found.id() + " was removed")), arrived));
        } finally {
            reserved.remove(name);
        }
    }

    private String create(CreateContainerRequest call, PodRecord pod, long arrived) {
        var config = call.getConfig();
        String name = config.getMetadata().getName();
        if (pod.phase() != PodRecord.Phase.READY) {
            throw new CriFailure(Kind.FAILED_PRECONDITION, "container \"" + name + "\": pod sandbox " + pod.id()
                    + " is stopped");
        }
        ContainerSettings settings = ContainerTranslation.toSettings(config, pod.request().sysctls(), pod.handler());
        Path logPath = ContainerTranslation.logPath(pod.request().logDirectory(), config.getLogPath(), name);
        String imageName = config.getImage().getImage();
        Image image = images().find(imageName).orElseThrow(() -> new CriFailure(Kind.NOT_FOUND, "container \""
                + name + "\": image \"" + imageName + "\" is not stored; pull it first"));
        boolean taken = state.containersOf(pod.id()).stream()
                .anyMatch(c -> c.name().equals(name) && c.attempt() == config.getMetadata().getAttempt());
        if (taken) {
            throw new CriFailure(Kind.ALREADY_EXISTS, "container \"" + name + "\" (attempt "
                    + config.getMetadata().getAttempt() + ") already exists in pod sandbox " + pod.id());
        }
        RuntimeHandler handler = RuntimeErrors.deployed(handlers, pod.handler());
        ContainerTranslation.checkUserNamespace(config, pod.handler(), handler.features());
        ContainerSecurity security;
        try {
            security = specs.security(settings);
        } catch (SpecException e) {
            throw CriFailure.from(e);
        }
        String id = Ids.next();
        Path rootfs = null;
        making.add(id);
        try {
            state.intents().begin(id, pod.handler());
            rootfs = images().createRootFs(id, image);
            OciSpec spec = HandlerDevicePolicy.apply(specs.generate(settings, security, image.config(), pod.info(),
                    pod.request().hostname(), rootfs, cgroupsPath(pod, id)), settings.privileged(),
                    handler.privilegedWithoutHostDevices());
            ContainerState created = handler.createContainer(new ContainerRequest(id, pod.id(), spec, logPath,
                    config.getStdin(), config.getStdinOnce(), config.getTty()));
            String imageRef = image.repoDigests().isEmpty() ? image.id() : image.repoDigests().get(0);
            List<RecordedMount> mounts = settings.mounts().stream().map(m -> new RecordedMount(m.containerPath(),
                    m.hostPath(), m.readonly(), m.propagation().name(), false)).toList();
            ContainerRecord record = new ContainerRecord(id, pod.id(), name, config.getMetadata().getAttempt(),
                    imageName, image.id(), imageRef, pod.handler(), logPath, config.getLabelsMap(),
                    config.getAnnotationsMap(), mounts, Instant.now(), created,
                    spec.process() == null ? null : spec.process().user(), settings.privileged());
            // before the record, so that a RemoveContainer racing in right after it finds the entry to drop
            metrics.createArrived(id, arrived);
            state.addContainer(record);
            endIntent(id);
            lifecycle.containerCreated(record);
            LOG.info("created container {} \"{}\" in sandbox {}", id, name, pod.id());
            return id;
        } catch (SpecException e) {
            undo(handler, id, rootfs);
            throw CriFailure.from(e);
        } catch (ImageException e) {
            undo(handler, id, rootfs);
            throw CriFailure.from(e);
        } catch (RuntimeHandlerException e) {
            undo(handler, id, rootfs);
            throw CriFailure.from(e);
        } catch (NodeState.NameInUseException e) {
            undo(handler, id, rootfs);
            throw new CriFailure(Kind.ALREADY_EXISTS, e.getMessage());
        } catch (IOException e) {
            undo(handler, id, rootfs);
            throw RuntimeErrors.stateNotWritten("container " + id, e);
        } finally {
            making.remove(id);
        }
    }

    /** The container is recorded or taken apart: the recovery sweep has nothing to do for it. */
    private void endIntent(String id) {
        try {
            state.intents().end(id);
        } catch (IOException e) {
            LOG.warn("container {}: could not delete its creation mark: {}", id, e.getMessage());
        }
    }

    /** Takes apart what a failed CreateContainer made; what cannot be keeps its mark, for the recovery sweep. */
    private void undo(RuntimeHandler handler, String id, Path rootfs) {
        if (metrics != null) {
            metrics.removed(id);
        }
        boolean clean = true;
        try {
            handler.removeContainer(id);
        } catch (RuntimeHandlerException | RuntimeException e) {
            LOG.warn("could not remove container {} after a failed create: {}", id, e.getMessage());
            clean = false;
        }
        if (rootfs != null) {
            try {
                images().removeRootFs(id);
            } catch (ImageException | RuntimeException e) {
                LOG.warn("could not remove the root filesystem of container {}: {}", id, e.getMessage());
                clean = false;
            }
        }
        if (clean) {
            endIntent(id);
        }
    }

    /**
     * Takes apart what CreateContainer calls cut off by the daemon's end made (a creation mark and no record): the
     * runtime's container and the root filesystem. One whose handler or image store is away waits for the next sweep.
     *
     * @return how many were taken apart
     */
    int removeHalfMade() {
        int removed = 0;
        try {
            for (var begun : state.intents().begun().entrySet()) {
                String id = begun.getKey();
                if (making.contains(id) || state.container(id).isPresent()) {
                    endIntent(id);
                    continue;
                }
                var handler = handlers.find(begun.getValue());
                if (handler.isEmpty() || images.get() == null) {
                    continue;
                }
                handler.get().handler().removeContainer(id);
                images.get().removeRootFs(id);
                endIntent(id);
                LOG.info("removed container {} that an interrupted CreateContainer left half-made", id);
                removed++;
            }
        } catch (IOException | RuntimeHandlerException | ImageException e) {
            LOG.warn("could not remove a half-made container, trying again later: {}", e.getMessage());
        }
        return removed;
    }

    void start(String id) {
        ContainerRecord found = find(id);
        locks.shared(found.podId(), () -> {
            start(state.container(found.id()).orElseThrow(() -> new CriFailure(Kind.NOT_FOUND, "container \""
                    + id + "\" was removed")));
            return null;
        });
    }

    private void start(ContainerRecord container) {
        try {
            RuntimeHandler handler = RuntimeErrors.deployed(handlers, container.handler());
            handler.startContainer(container.id());
            refresh(container, handler);
            metrics.started(container.id(), container.handler());
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /** Stops a container: its image's stop signal, then SIGKILL after the timeout; idempotent. */
    void stop(String id, long timeoutSeconds) {
        ContainerRecord found = state.container(id).orElseThrow(() -> new CriFailure(Kind.NOT_FOUND, "container \""
                + id + "\" not found"));
        locks.shared(found.podId(), () -> {
            // removed meanwhile: nothing runs any more
            state.container(id).ifPresent(c -> stop(c, timeoutSeconds));
            return null;
        });
    }

    private void stop(ContainerRecord container, long timeoutSeconds) {
        ImageStore store = images.get();
        String signal = store == null ? "" : store.find(container.imageId()).map(i -> i.config().stopSignal())
                .orElse("");
        try {
            RuntimeHandler handler = RuntimeErrors.deployed(handlers, container.handler());
            try {
                handler.stopContainer(container.id(), Duration.ofSeconds(Math.max(0, timeoutSeconds)),
                        signal.isEmpty() ? "SIGTERM" : signal);
            } catch (RuntimeHandlerException e) {
                if (e.kind() != RuntimeHandlerException.Kind.NOT_FOUND) {
                    throw e;
                }
                // lost with the run root: nothing of it runs, so it is stopped; refresh records it as lost
            }
            // unmounted here even when another caller saw the end first: StopContainer answers with it unmounted
            if (refresh(container, handler, false).phase() == ContainerState.Phase.EXITED) {
                unmountRootFs(container.id());
            }
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /** Removes a container, killing it if it runs; idempotent. */
    void remove(String id) {
        RuntimeErrors.requireId(id, "container");
        ContainerRecord found = state.container(id).orElse(null);
        if (found != null) {
            locks.shared(found.podId(), () -> {
                state.container(id).ifPresent(this::remove);
                return null;
            });
        }
    }

    private void remove(ContainerRecord container) {
        String id = container.id();
        try {
            RuntimeErrors.deployed(handlers, container.handler()).removeContainer(container.id());
            images().removeRootFs(container.id());
            embeddedSpecs.forget(container.id());
            if (state.removeContainer(container.id())) {
                metrics.removed(container.id());
                lifecycle.containerDeleted(container);
            }
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        } catch (ImageException e) {
            throw CriFailure.from(e);
        } catch (IOException e) {
            throw RuntimeErrors.stateNotWritten("container " + id, e);
        }
    }

    /** The container's status, with {@link ContainerInfo} when {@code verbose}. */
    ContainerStatusResponse status(String id, boolean verbose) {
        ContainerRecord container = find(id);
        ContainerState s = current(container);
        ContainerStatusResponse.Builder response = ContainerStatusResponse.newBuilder()
                .setStatus(ContainerMessages.status(container, s));
        if (verbose) {
            Optional<ContainerRuntimeInfo> runtime = handlers.find(container.handler())
                    .flatMap(h -> h.handler().runtimeInfo(container.id()));
            response.putAllInfo(ContainerInfo.of(container, s, runtime, embeddedSpecs));
        }
        return response.build();
    }

    /** The pid of a running container of the pod, or 0 when none runs. */
    int runningPid(String podId) {
        return state.containersOf(podId).stream().map(this::currentOrLast)
                .filter(s -> s.phase() == ContainerState.Phase.RUNNING && s.pid() > 0)
                .mapToInt(ContainerState::pid).findFirst().orElse(0);
    }

    List<Container> list(ContainerFilter filter) {
        return state.containers().stream()
                .filter(c -> filter.getId().isEmpty() || c.id().startsWith(filter.getId()))
                .filter(c -> filter.getPodSandboxId().isEmpty() || c.podId().startsWith(filter.getPodSandboxId()))
                .filter(c -> PodCalls.matches(c.labels(), filter.getLabelSelectorMap()))
                .map(c -> ContainerMessages.listed(c, currentOrLast(c)))
                .filter(c -> !filter.hasState() || c.getState() == filter.getState().getState())
                .toList();
    }

    /** Runs the command; the reply owns the handler's result, and whoever sends it closes it. */
    ExecSyncReply execSync(String id, List<String> command, long timeoutSeconds) {
        ContainerRecord container = find(id);
        if (command.isEmpty()) {
            throw new CriFailure(Kind.INVALID, "ExecSync in container \"" + id + "\": no command");
        }
        try {
            ExecResult result = RuntimeErrors.deployed(handlers, container.handler()).execSync(container.id(),
                    command, timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : null,
                    ExecSyncReply.OUTPUT_BUDGET);
            return ExecSyncReply.of(container.id(), result);
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /** Changes the limits of a running container (memory, CPU shares, quota, period, cpuset). */
    void updateResources(String id, dev.orca.cri.v1.LinuxContainerResources r) {
        ContainerRecord container = find(id);
        try {
            RuntimeErrors.deployed(handlers, container.handler()).updateResources(container.id(),
                    ResourceTranslation.toOci(r));
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /**
     * Has the handler reopen the container's log and answers once the file is there again: a monitor reopens it
     * when it reads the request, and the kubelet, having renamed the old file, looks for the new one at once.
     */
    void reopenLog(String id) {
        ContainerRecord container = find(id);
        try {
            RuntimeErrors.deployed(handlers, container.handler()).reopenLog(container.id());
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
        Path log = container.logPath();
        if (log != null && !Patience.polling(() -> Files.exists(log), LOG_REOPEN_TIMEOUT, REOPEN_POLL)) {
            throw new CriFailure(Kind.DEADLINE_EXCEEDED, "container " + container.id() + ": the log " + log
                    + " was not reopened within " + LOG_REOPEN_TIMEOUT.toSeconds() + " s");
        }
    }

    ContainerRecord find(String id) {
        RuntimeErrors.requireId(id, "container");
        List<ContainerRecord> matches = state.containers().stream().filter(c -> c.id().startsWith(id)).toList();
        if (matches.size() != 1) {
            throw new CriFailure(Kind.NOT_FOUND, matches.isEmpty() ? "container \"" + id + "\" not found"
                    : "container ID prefix \"" + id + "\" is ambiguous");
        }
        return matches.get(0);
    }

    private ContainerState current(ContainerRecord container) {
        try {
            return refresh(container, RuntimeErrors.deployed(handlers, container.handler()));
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
    }

    /** For listings: the handler's word when it is deployed, else the last state recorded. */
    private ContainerState currentOrLast(ContainerRecord container) {
        return handlers.find(container.handler()).map(h -> {
            try {
                return refresh(container, h.handler());
            } catch (RuntimeHandlerException e) {
                return container.lastState();
            }
        }).orElse(container.lastState());
    }

    /**
     * The handler's word on the container, recorded (and its start or exit published) when it changed; the caller that
     * records its end unmounts its root filesystem.
     */
    private ContainerState refresh(ContainerRecord container, RuntimeHandler handler) throws RuntimeHandlerException {
        return refresh(container, handler, true);
    }

    private ContainerState refresh(ContainerRecord container, RuntimeHandler handler, boolean unmountAtEnd)
            throws RuntimeHandlerException {
        ContainerState now;
        try {
            now = handler.containerState(container.id());
        } catch (RuntimeHandlerException e) {
            if (e.kind() != RuntimeHandlerException.Kind.NOT_FOUND) {
                throw e;
            }
            now = LostContainers.stateOf(container, e.getMessage(), Instant.now());
        }
        if (!now.equals(container.lastState())) {
            metrics.stateChanged(container, now);
        }
        try {
            if (lifecycle.record(container.id(), now) && unmountAtEnd) {
                unmountRootFs(container.id());
            }
        } catch (IOException e) {
            LOG.warn("could not record the state of container {}: {}", container.id(), e.getMessage());
        }
        return now;
    }

    /**
     * Unmounts the root filesystem of a container seen to end (by StopContainer, a status, a listing or the exit
     * watch, whichever saw it first), as containerd's shim does when a task exits, so that RemoveContainer only
     * deletes. The container has ended either way: a failure is logged, and RemoveContainer unmounts what is left.
     */
    private void unmountRootFs(String id) {
        ImageStore store = images.get();
        if (store == null) {
            return;
        }
        try {
            store.unmountRootFs(id);
        } catch (ImageException | RuntimeException e) {
            LOG.warn("container {} ended, but its root filesystem could not be unmounted; RemoveContainer will try"
                    + " again: {}", id, e.getMessage());
        }
    }

    /**
     * Asks the handlers about every container recorded as running, so that an exit nobody asks about is recorded and
     * published all the same; a container whose handler is away waits for it. Cheap: both handlers answer a running
     * container from its files or their own records, without a runtime call.
     */
    void noticeExits() {
        state.containers().stream()
                .filter(c -> c.lastState() != null && c.lastState().phase() == ContainerState.Phase.RUNNING)
                .forEach(this::currentOrLast);
    }

    /** The container's status as last recorded, for an event: no handler is asked. */
    ContainerStatus recordedStatus(ContainerRecord container) {
        ContainerState s = container.lastState() != null ? container.lastState() : new ContainerState(container.id(),
                ContainerState.Phase.UNKNOWN, 0, -1, container.createdAt(), null, null, null, null);
        return ContainerMessages.status(container, s);
    }

    /** The cgroup a container of this pod is made in (cgroupfs driver path), below the pod's cgroup parent. */
    static String cgroupsPath(PodRecord pod, String containerId) {
        String parent = pod.info().cgroupParent().isEmpty() ? "/orca" : pod.info().cgroupParent();
        return parent + "/orca-" + containerId;
    }
}
