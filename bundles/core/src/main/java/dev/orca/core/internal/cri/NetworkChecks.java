package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.PodLocks;
import dev.orca.core.internal.pods.PodRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest CNI CHECK of each ready pod, so that a verbose PodSandboxStatus answers from memory instead of running
 * plug-ins: it shows the latest outcome with its time, and when there is none, or it is older than {@link #FRESH},
 * it asks for a new check. That check runs a moment later ({@link #DELAY}) on a background thread, holding the pod's lock with
 * the container calls (so never beside the pod's ADD or DEL, as the CNI specification asks), and only if the pod is
 * still ready then: a pod stopped right after its status is never checked. The daemon's start checks every ready pod
 * the same way ({@link PodRecovery}).
 */
final class NetworkChecks {

    static final Duration FRESH = Duration.ofSeconds(30);
    static final Duration DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(NetworkChecks.class);

    /** A check's outcome and when it ended. */
    record Latest(PodNetworking.CheckOutcome outcome, Instant at) {
    }

    private final PodNetworking network;
    private final Function<String, Optional<PodRecord>> pods;
    private final PodLocks locks;
    private final ScheduledExecutorService background;
    private final Clock clock;
    private final Duration delay;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /**
     * @param pods the pod of an ID as recorded now
     * @param delay how long after it is asked for a check runs
     */
    NetworkChecks(PodNetworking network, Function<String, Optional<PodRecord>> pods, PodLocks locks,
            ScheduledExecutorService background, Clock clock, Duration delay) {
        this.delay = delay;
        this.network = network;
        this.pods = pods;
        this.locks = locks;
        this.background = background;
        this.clock = clock;
    }

    /**
     * What a verbose status shows of the pod's network: {@code networkCheck} (passed, not checked: why, failed:
     * what) and {@code networkCheckedAt}; while no check has ended yet, says that one is coming; nothing for a pod
     * a CHECK cannot look at (stopped, or without addresses of its own).
     */
    Map<String, String> shown(PodRecord pod) {
        if (!checkable(pod)) {
            return Map.of();
        }
        Latest known = latest.get(pod.id());
        if (known == null || known.at().isBefore(clock.instant().minus(FRESH))) {
            ask(pod.id());
        }
        if (known == null) {
            return Map.of("networkCheck", "not checked yet: a CNI CHECK runs in " + delay.toMillis()
                    + " ms; inspect the pod again for its outcome");
        }
        return Map.of("networkCheck", known.outcome().toString(), "networkCheckedAt", known.at().toString());
    }

    /**
     * For the daemon's start: checks the pod on the calling thread, holding its lock, if it is still ready then (a
     * pod the kubelet stops meanwhile has had its DEL, and a CHECK would find its network gone); records the outcome.
     */
    Optional<PodNetworking.CheckOutcome> checkIfReady(String podId) {
        return locks.shared(podId, () -> pods.apply(podId).filter(NetworkChecks::checkable).map(this::checkNow));
    }

    private PodNetworking.CheckOutcome checkNow(PodRecord pod) {
        PodNetworking.CheckOutcome outcome = network.check(pod.request(), pod.info());
        latest.put(pod.id(), new Latest(outcome, clock.instant()));
        return outcome;
    }

    /** Drops what is known of a pod that stopped or went. */
    void forget(String podId) {
        latest.remove(podId);
    }

    /** How many pods have an outcome kept. */
    int size() {
        return latest.size();
    }

    private void ask(String podId) {
        if (!asked.add(podId)) {
            return;
        }
        try {
            background.schedule(() -> check(podId), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            asked.remove(podId);
        }
    }

    private void check(String podId) {
        try {
            checkIfReady(podId);
        } catch (RuntimeException e) {
            LOG.warn("pod sandbox {}: network check failed to run: {}", podId, e.toString());
        } finally {
            asked.remove(podId);
        }
    }

    /** A pod whose network a CHECK can look at: ready, with addresses of its own. */
    static boolean checkable(PodRecord pod) {
        return pod.phase() == PodRecord.Phase.READY && !pod.ips().isEmpty();
    }
}
