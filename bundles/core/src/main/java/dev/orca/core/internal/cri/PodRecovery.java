package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes pods that a RunPodSandbox left half-made — a daemon killed between making the sandbox or connecting its
 * network and recording the pod as ready, or a failed call whose clean-up failed: their network is disconnected (CNI
 * DEL), their sandbox removed, their record dropped. A pod whose handler, or whose network, is not deployed now waits
 * for the next sweep. Once the network is there, checks the ready pods' networks (CNI CHECK), logs what it finds and
 * keeps it for verbose statuses ({@link NetworkChecks}).
 */
final class PodRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PodRecovery.class);

    private final RuntimeHandlerRegistry handlers;
    private final NodeState state;
    private final PodNetworking network;
    private final NetworkChecks checks;
    private final Predicate<String> inProgress;
    private boolean networksChecked;

    /** @param inProgress whether a RunPodSandbox is making the pod of this ID right now */
    PodRecovery(RuntimeHandlerRegistry handlers, NodeState state, PodNetworking network, NetworkChecks checks,
            Predicate<String> inProgress) {
        this.checks = checks;
        this.handlers = handlers;
        this.state = state;
        this.network = network;
        this.inProgress = inProgress;
    }

    /** One pass; returns how many half-made pods were removed. */
    synchronized int sweep() {
        int removed = 0;
        for (PodRecord pod : state.pods()) {
            if (pod.phase() == PodRecord.Phase.CREATING && !inProgress.test(pod.id()) && remove(pod)) {
                removed++;
            }
        }
        if (!networksChecked && network.deployed()) {
            networksChecked = true;
            checkNetworks();
        }
        return removed;
    }

    private boolean remove(PodRecord pod) {
        Optional<HandlerEntry> handler = handlers.find(pod.handler());
        if (handler.isEmpty()) {
            LOG.debug("half-made sandbox {} waits for its handler '{}'", pod.id(), pod.handler());
            return false;
        }
        try {
            if (pod.info() != null) {
                if (!network.canDisconnect(pod.request())) {
                    LOG.debug("half-made sandbox {} waits for the pod network", pod.id());
                    return false;
                }
                network.disconnect(pod.request(), pod.info());
            }
            handler.get().handler().removeSandbox(pod.id());
            state.removePod(pod.id());
        } catch (RuntimeHandlerException | IOException | RuntimeException e) {
            LOG.warn("could not remove half-made sandbox {} ({}/{}), trying again later: {}", pod.id(),
                    pod.request().namespace(), pod.request().name(), e.getMessage());
            return false;
        }
        LOG.info("removed sandbox {} ({}/{}) that an interrupted RunPodSandbox left half-made", pod.id(),
                pod.request().namespace(), pod.request().name());
        return true;
    }

    private void checkNetworks() {
        for (PodRecord pod : state.pods()) {
            checks.checkIfReady(pod.id()).ifPresent(outcome -> log(pod, outcome));
        }
    }

    private static void log(PodRecord pod, PodNetworking.CheckOutcome outcome) {
        if (outcome.verdict() == PodNetworking.CheckOutcome.Verdict.FAILED) {
            LOG.warn("pod {}/{} (sandbox {}): its network is not as it was set up: {}", pod.request().namespace(),
                    pod.request().name(), pod.id(), outcome.detail());
        } else {
            LOG.info("pod {}/{} (sandbox {}): network check {}", pod.request().namespace(), pod.request().name(),
                    pod.id(), outcome);
        }
    }
}
