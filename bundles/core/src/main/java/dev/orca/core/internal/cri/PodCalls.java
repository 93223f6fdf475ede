package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.events.Lifecycle;
import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.Ids;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.core.internal.wait.Startup;
import dev.orca.cri.v1.ListPodSandboxRequest;
import dev.orca.cri.v1.PodSandbox;
import dev.orca.cri.v1.PodSandboxFilter;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.cri.v1.PodSandboxState;
import dev.orca.cri.v1.PodSandboxStatus;
import dev.orca.cri.v1.PodSandboxStatusResponse;
import dev.orca.cri.v1.RunPodSandboxRequest;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import io.grpc.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus and ListPodSandbox. */
final class PodCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PodCalls.class);

    private final RuntimeHandlerRegistry handlers;
    private final NodeState state;
    private final ContainerCalls containers;
    private final PodNetworking network;
    private final Set<String> making = ConcurrentHashMap.newKeySet();
    private final PodRecovery recovery;
    private final Lifecycle lifecycle;
    private final Startup startup;
    /** Pods whose stop was published: once by StopPodSandbox or by the sandbox ending by itself, not twice. */
    private final Set<String> stopPublished = ConcurrentHashMap.newKeySet();

    private final PodLocks locks;

    private final NetworkChecks checks;
    /** Runs a pod's network teardown beside the stop of its containers; never runs out of threads. */
    private final Executor work;

    PodCalls(RuntimeHandlerRegistry handlers, NodeState state, ContainerCalls containers, PodNetworking network,
            Lifecycle lifecycle, Startup startup, PodLocks locks, NetworkChecks checks, Executor work) {
        this.work = work;
        this.locks = locks;
        this.checks = checks;
        this.handlers = handlers;
        this.startup = startup;
        this.state = state;
        this.containers = containers;
        this.network = network;
        this.lifecycle = lifecycle;
        this.recovery = new PodRecovery(handlers, state, network, checks, making::contains);
    }

    /**
     * Removes what interrupted RunPodSandbox and CreateContainer calls left half-made; see {@link PodRecovery} and
     * {@link ContainerCalls#removeHalfMade()}.
     */
    int recover() {
        return recovery.sweep() + (containers == null ? 0 : containers.removeHalfMade());
    }

    /**
     * Records the pod as being made before anything is made, so that a daemon killed midway finds it at the next
     * start ({@link PodRecovery}); then the sandbox, the network, and the record as ready. On failure what was made
     * is removed, with the record.
     */
    String run(RunPodSandboxRequest call) {
        SandboxRequest request = SandboxTranslation.toRequest(Ids.next(), call.getConfig());
        String clash = nameHolder(request);
        if (clash != null) {
            throw new CriFailure(Kind.ALREADY_EXISTS, clash);
        }
        HandlerEntry handler = RuntimeErrors.forNewPod(handlers, call.getRuntimeHandler(), startup.left());
        network.awaitFor(request);
        PodRecord pod = PodRecord.creating(request, handler.name());
        making.add(pod.id());
        try {
            make(pod, handler);
        } finally {
            making.remove(pod.id());
        }
        LOG.info("pod {}/{} is sandbox {} on handler '{}'", request.namespace(), request.name(), request.id(),
                handler.name());
        return request.id();
    }

    private void make(PodRecord pod, HandlerEntry handler) {
        SandboxRequest request = pod.request();
        record(pod, () -> state.addPod(pod));
        try {
            PodRecord made = pod.madeBy(handler.handler().runSandbox(request));
            record(made, () -> state.putPod(made));
            List<String> ips = network.connect(request, made.info());
            PodRecord ready = made.ready(ips);
            try {
                record(made, () -> state.putPod(ready));
            } catch (RuntimeException e) {
                network.disconnect(request, made.info());
                throw e;
            }
            lifecycle.sandboxReady(ready);
        } catch (RuntimeHandlerException e) {
            forget(handler.handler(), request.id());
            throw CriFailure.from(e);
        } catch (RuntimeException e) {
            forget(handler.handler(), request.id());
            throw e;
        }
    }

    private interface StateWrite {
        void write() throws IOException;
    }

    private static void record(PodRecord pod, StateWrite write) {
        try {
            write.write();
        } catch (NodeState.NameInUseException e) {
            throw new CriFailure(Kind.ALREADY_EXISTS, e.getMessage());
        } catch (IOException e) {
            throw RuntimeErrors.stateNotWritten("pod " + pod.id(), e);
        }
    }

    /** Removes the sandbox a failed RunPodSandbox made, and its record. */
    private void forget(RuntimeHandler handler, String id) {
        try {
            handler.removeSandbox(id);
        } catch (RuntimeHandlerException e) {
            LOG.warn("could not remove sandbox {} after a failed RunPodSandbox: {}", id, e.getMessage());
            return;
        }
        try {
            state.removePod(id);
        } catch (IOException e) {
            LOG.warn("could not remove the record of sandbox {} after a failed RunPodSandbox: {}", id, e.getMessage());
        }
    }

    private String nameHolder(SandboxRequest request) {
        return state.pods().stream().filter(p -> p.request().name().equals(request.name())
                        && p.request().namespace().equals(request.namespace())
                        && p.request().uid().equals(request.uid()) && p.request().attempt() == request.attempt())
                .findFirst().map(p -> "pod \"" + request.name() + "\" in namespace \"" + request.namespace()
                        + "\" (uid " + request.uid() + ", attempt " + request.attempt() + ") already exists as sandbox "
                        + p.id()).orElse(null);
    }

    /** Stops the pod's containers and the pod; idempotent, and a pod that is not there is stopped already. */
    void stop(String id) {
        RuntimeErrors.requireId(id, "pod sandbox");
        if (state.pod(id).filter(PodRecord::visible).isEmpty()) {
            return;
        }
        locks.exclusive(id, () -> {
            state.pod(id).filter(PodRecord::visible).ifPresent(this::stop);
            return null;
        });
    }

    /** Holding the pod's lock alone: no container is made, started or removed in it meanwhile. */
    private void stop(PodRecord pod) {
        String id = pod.id();
        stopContainersAndDisconnect(pod, state.containersOf(id));
        RuntimeHandler handler = RuntimeErrors.deployed(handlers, pod.handler());
        try {
            handler.stopSandbox(id);
            state.updatePod(id, PodRecord::stopped);
            checks.forget(id);
            if (pod.phase() == PodRecord.Phase.READY && stopPublished.add(id)) {
                lifecycle.sandboxStopped(pod.stopped());
            }
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        } catch (IOException e) {
            throw RuntimeErrors.stateNotWritten("pod " + id, e);
        }
    }

    /**
     * Kills the pod's containers and tears its network down at the same time: both spawn processes (the runtime's
     * kill and delete; the CNI plug-ins' DEL) and neither needs the other, as the containers are killed at once. The
     * containers are stopped on this thread, which holds the pod's lock; the network goes on {@code work}, as
     * tearing it down takes no lock. Both have ended when this returns; the first failure is thrown.
     */
    private void stopContainersAndDisconnect(PodRecord pod, List<ContainerRecord> inPod) {
        if (inPod.isEmpty()) {
            network.disconnect(pod.request(), pod.info());
            return;
        }
        CompletableFuture<Void> disconnected = CompletableFuture.runAsync(
                Context.current().wrap(() -> network.disconnect(pod.request(), pod.info())), work);
        RuntimeException failure = null;
        try {
            for (ContainerRecord container : inPod) {
                containers.stop(container.id(), 0);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            disconnected.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes the pod with its containers; idempotent. */
    void remove(String id) {
        RuntimeErrors.requireId(id, "pod sandbox");
        if (state.pod(id).filter(PodRecord::visible).isEmpty()) {
            return;
        }
        locks.exclusive(id, () -> {
            state.pod(id).filter(PodRecord::visible).ifPresent(this::remove);
            return null;
        });
    }

    /** Holding the pod's lock alone, so that no container is made in it while it goes. */
    private void remove(PodRecord pod) {
        String id = pod.id();
        for (ContainerRecord container : state.containersOf(id)) {
            containers.remove(container.id());
        }
        // a pod recorded stopped had its CNI DEL succeed then: a second one would only spawn the plug-ins again
        if (pod.phase() != PodRecord.Phase.NOT_READY) {
            network.disconnect(pod.request(), pod.info());
        }
        RuntimeHandler handler = RuntimeErrors.deployed(handlers, pod.handler());
        try {
            handler.removeSandbox(id);
            if (state.removePod(id)) {
                lifecycle.sandboxDeleted(pod);
            }
            stopPublished.remove(id);
            checks.forget(id);
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        } catch (IOException e) {
            throw RuntimeErrors.stateNotWritten("pod " + id, e);
        }
        LOG.info("removed sandbox {} ({}/{})", id, pod.request().namespace(), pod.request().name());
    }

    PodSandboxStatusResponse status(String id, boolean verbose) {
        PodRecord pod = find(id);
        java.util.Optional<HandlerEntry> handler = handlers.find(pod.handler());
        PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder()
                .setStatus(status(pod, readiness(pod, handler)))
                .setTimestamp(nanos(Instant.now()));
        if (verbose) {
            // what the latest CNI CHECK found; a status never runs the plug-ins itself
            Map<String, String> check = checks.shown(pod);
            // the handler's details of the pod; none while its handler is away (a status does not wait for it)
            Map<String, String> details = handler.map(h -> h.handler().sandboxDetails(pod.id())).orElse(Map.of());
            response.putAllInfo(PodInfo.of(pod, containers.runningPid(pod.id()), check, details));
        }
        return response.build();
    }

    /** Applies new pod-level resources to a ready pod through its handler (UpdatePodSandboxResources). */
    void updateResources(dev.orca.cri.v1.UpdatePodSandboxResourcesRequest request) {
        PodRecord pod = find(request.getPodSandboxId());
        dev.orca.spi.PodResources resources = ResourceTranslation.podUpdate(pod.id(), request);
        if (pod.phase() != PodRecord.Phase.READY) {
            throw new CriFailure(Kind.FAILED_PRECONDITION, "UpdatePodSandboxResources: pod sandbox " + pod.id()
                    + " is stopped");
        }
        try {
            RuntimeErrors.deployed(handlers, pod.handler()).updateSandboxResources(pod.id(), resources);
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
        LOG.info("sandbox {}: resources updated", pod.id());
    }

    /** The pod's status as recorded, for an event: its record's phase says whether it is ready. */
    static PodSandboxStatus recordedStatus(PodRecord pod) {
        return status(pod, pod.phase() == PodRecord.Phase.READY ? PodSandboxState.SANDBOX_READY
                : PodSandboxState.SANDBOX_NOTREADY);
    }

    private static PodSandboxStatus status(PodRecord pod, PodSandboxState readiness) {
        PodSandboxStatus.Builder status = PodSandboxStatus.newBuilder()
                .setId(pod.id())
                .setMetadata(metadata(pod.request()))
                .setState(readiness)
                .setCreatedAt(nanos(pod.createdAt()))
                .putAllLabels(pod.request().labels())
                .putAllAnnotations(pod.request().annotations())
                .setRuntimeHandler(pod.handler());
        if (!pod.ips().isEmpty()) {
            var addresses = dev.orca.cri.v1.PodSandboxNetworkStatus.newBuilder().setIp(pod.ips().get(0));
            pod.ips().stream().skip(1).forEach(ip -> addresses.addAdditionalIps(dev.orca.cri.v1.PodIP.newBuilder()
                    .setIp(ip)));
            status.setNetwork(addresses);
        }
        return status.build();
    }

    /**
     * Publishes the stop of every ready pod whose handler says its sandbox ended by itself (a VM whose QEMU died),
     * once; its record stays READY until StopPodSandbox, as its status already reports it NOT_READY.
     */
    void noticeEnded() {
        for (PodRecord pod : state.pods()) {
            if (pod.phase() != PodRecord.Phase.READY || stopPublished.contains(pod.id())) {
                continue;
            }
            if (readiness(pod, handlers.find(pod.handler())) == PodSandboxState.SANDBOX_NOTREADY
                    && stopPublished.add(pod.id())) {
                lifecycle.sandboxStopped(pod.stopped());
            }
        }
    }

    List<PodSandbox> list(ListPodSandboxRequest request) {
        PodSandboxFilter filter = request.getFilter();
        return state.pods().stream().filter(PodRecord::visible)
                .filter(p -> filter.getId().isEmpty() || p.id().startsWith(filter.getId()))
                .filter(p -> matches(p.request().labels(), filter.getLabelSelectorMap()))
                .map(p -> PodSandbox.newBuilder().setId(p.id()).setMetadata(metadata(p.request()))
                        .setState(readiness(p, handlers.find(p.handler()))).setCreatedAt(nanos(p.createdAt()))
                        .putAllLabels(p.request().labels()).putAllAnnotations(p.request().annotations())
                        .setRuntimeHandler(p.handler()).build())
                .filter(p -> !filter.hasState() || filter.getState().getState() == p.getState())
                .toList();
    }

    /**
     * READY while its record says so and its handler, when deployed, does not say the sandbox ended by itself (a VM
     * pod whose QEMU died); a handler that is away, or fails to answer, leaves the record's word.
     */
    static PodSandboxState readiness(PodRecord pod, java.util.Optional<HandlerEntry> handler) {
        if (pod.phase() != PodRecord.Phase.READY) {
            return PodSandboxState.SANDBOX_NOTREADY;
        }
        try {
            if (handler.isPresent() && !handler.get().handler().sandboxRunning(pod.id())) {
                return PodSandboxState.SANDBOX_NOTREADY;
            }
        } catch (RuntimeException e) {
            LOG.debug("pod {}: handler '{}' did not say whether its sandbox runs: {}", pod.id(), pod.handler(),
                    e.toString());
        }
        return PodSandboxState.SANDBOX_READY;
    }

    /** The pod an ID or unique ID prefix names, or NOT_FOUND. */
    PodRecord find(String id) {
        RuntimeErrors.requireId(id, "pod sandbox");
        List<PodRecord> matches = state.pods().stream().filter(PodRecord::visible)
                .filter(p -> p.id().startsWith(id)).toList();
        if (matches.size() != 1) {
            throw new CriFailure(Kind.NOT_FOUND, matches.isEmpty() ? "pod sandbox \"" + id + "\" not found"
                    : "pod sandbox ID prefix \"" + id + "\" is ambiguous");
        }
        return matches.get(0);
    }

    static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static long nanos(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static PodSandboxMetadata metadata(SandboxRequest r) {
        return PodSandboxMetadata.newBuilder().setName(r.name()).setNamespace(r.namespace()).setUid(r.uid())
                .setAttempt(r.attempt()).build();
    }
}
