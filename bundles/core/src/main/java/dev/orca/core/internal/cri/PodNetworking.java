package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.NetworkException;
import dev.orca.spi.NetworkStatus;
import dev.orca.spi.PodNetwork;
import dev.orca.spi.PodNetworkRequest;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects pods to the deployed pod network, if one is deployed: pods on the node's network, and every pod while no
 * network bundle is deployed, get none (only their loopback). The pod's own address joins its /etc/hosts.
 */
final class PodNetworking {

    private static final Logger LOG = LoggerFactory.getLogger(PodNetworking.class);

    private final Supplier<PodNetwork> network;
    private final Supplier<PodNetwork> awaited;
    private final AtomicReference<String> podCidr = new AtomicReference<>("");

    /** @param network the deployed pod network, or null when none is */
    PodNetworking(Supplier<PodNetwork> network) {
        this(network, network);
    }

    /** @param awaited the pod network, waited for while the node starts; null when none came */
    PodNetworking(Supplier<PodNetwork> network, Supplier<PodNetwork> awaited) {
        this.network = network;
        this.awaited = awaited;
    }

    /**
     * Waits for the pod network while the node starts, when the pod has a network of its own: a pod made the moment
     * the socket answers would otherwise get only its loopback.
     */
    void awaitFor(SandboxRequest pod) {
        if (pod.network() == NamespaceMode.POD && network.get() == null) {
            awaited.get();
        }
    }

    /** The node's pod CIDR, from UpdateRuntimeConfig, handed to the plug-ins that use it. */
    void podCidr(String cidr) {
        podCidr.set(cidr);
        LOG.info("pod CIDR is now {}", cidr);
    }

    /** ADD: the pod's addresses, or none when it needs no network or none is deployed. */
    List<String> connect(SandboxRequest pod, SandboxInfo info) {
        PodNetwork deployed = network.get();
        if (deployed == null || pod.network() != NamespaceMode.POD) {
            return List.of();
        }
        NetworkStatus status = deployed.status();
        if (!status.ready()) {
            throw new CriFailure(Kind.UNAVAILABLE, "pod \"" + pod.namespace() + "/" + pod.name()
                    + "\": the pod network is not ready: " + status.message());
        }
        try {
            long started = System.nanoTime();
            List<String> ips = deployed.setUp(request(pod, info)).ips();
            LOG.info("pod {}/{} (sandbox {}) connected in {} ms: {}", pod.namespace(), pod.name(), pod.id(),
                    (System.nanoTime() - started) / 1_000_000, ips);
            addToHosts(pod, info, ips);
            return ips;
        } catch (NetworkException e) {
            throw new CriFailure(Kind.UNKNOWN, e.getMessage());
        }
    }

    /** Whether a network is deployed now. */
    boolean deployed() {
        return network.get() != null;
    }

    /** Whether {@link #disconnect} can tear the pod's network down now: it has none, or the network is deployed. */
    boolean canDisconnect(SandboxRequest pod) {
        return pod.network() != NamespaceMode.POD || network.get() != null;
    }

    /** What a CNI CHECK of a pod found: {@code detail} says what is wrong when it failed. */
    record CheckOutcome(Verdict verdict, String detail) {
        enum Verdict { PASSED, NOT_CHECKED, FAILED }

        @Override
        public String toString() {
            return switch (verdict) {
                case PASSED -> "passed";
                case NOT_CHECKED -> "not checked: " + detail;
                case FAILED -> "failed: " + detail;
            };
        }
    }

    /** CHECK, where the pod has a network of its own and the deployed network supports checking. */
    CheckOutcome check(SandboxRequest pod, SandboxInfo info) {
        PodNetwork deployed = network.get();
        if (pod.network() != NamespaceMode.POD) {
            return new CheckOutcome(CheckOutcome.Verdict.NOT_CHECKED, "the pod uses the node's network");
        }
        if (deployed == null) {
            return new CheckOutcome(CheckOutcome.Verdict.NOT_CHECKED, "no pod network is deployed");
        }
        try {
            return deployed.check(request(pod, info)) ? new CheckOutcome(CheckOutcome.Verdict.PASSED, "")
                    : new CheckOutcome(CheckOutcome.Verdict.NOT_CHECKED, "the network does not support CHECK");
        } catch (NetworkException e) {
            return new CheckOutcome(CheckOutcome.Verdict.FAILED, e.getMessage());
        }
    }

    /** DEL: idempotent, and nothing to do for pods without a network of their own. */
    void disconnect(SandboxRequest pod, SandboxInfo info) {
        PodNetwork deployed = network.get();
        if (deployed == null || pod.network() != NamespaceMode.POD) {
            return;
        }
        try {
            deployed.tearDown(request(pod, info));
        } catch (NetworkException e) {
            throw new CriFailure(Kind.UNKNOWN, e.getMessage());
        }
    }

    private PodNetworkRequest request(SandboxRequest pod, SandboxInfo info) {
        return new PodNetworkRequest(pod.id(), pod.name(), pod.namespace(), pod.uid(),
                info.namespaces().get("network"), pod.portMappings(), podCidr.get(), pod.annotations());
    }

    private static void addToHosts(SandboxRequest pod, SandboxInfo info, List<String> ips) {
        if (ips.isEmpty() || info.hostsFile() == null || pod.hostname().isEmpty()) {
            return;
        }
        try {
            Files.writeString(info.hostsFile(), ips.get(0) + "\t" + pod.hostname() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("pod {}: could not add its address to {}: {}", pod.id(), info.hostsFile(), e.getMessage());
        }
    }
}
