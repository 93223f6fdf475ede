package dev.orca.core.internal.pods;

import dev.orca.spi.SandboxInfo;
import dev.orca.spi.SandboxRequest;
import java.time.Instant;
import java.util.List;

/**
 * A pod sandbox as the node keeps it: what was asked, what its handler made, whether it is ready, and the addresses
 * its network gave it. The handler is recorded by name, never as an object: it may be redeployed while the pod lives.
 */
public record PodRecord(SandboxRequest request, SandboxInfo info, String handler, Phase phase, Instant createdAt,
        List<String> ips) {

    public PodRecord {
        ips = ips == null ? List.of() : List.copyOf(ips);
    }

    /**
     * CREATING while RunPodSandbox makes it (recorded first, so that a daemon killed midway finds and removes what was
     * made), READY until stopped, then NOT_READY.
     */
    public enum Phase { CREATING, READY, NOT_READY }

    public String id() {
        return request.id();
    }

    /** A pod RunPodSandbox has begun to make: its handler, and nothing made yet. */
    public static PodRecord creating(SandboxRequest request, String handler) {
        return new PodRecord(request, null, handler, Phase.CREATING, Instant.now(), List.of());
    }

    /** The pod once its handler has made the sandbox, still being made. */
    public PodRecord madeBy(SandboxInfo made) {
        return new PodRecord(request, made, handler, Phase.CREATING, createdAt, ips);
    }

    /** The pod made, with its addresses. */
    public PodRecord ready(List<String> addresses) {
        return new PodRecord(request, info, handler, Phase.READY, createdAt, addresses);
    }

    public boolean visible() {
        return phase != Phase.CREATING;
    }

    public PodRecord stopped() {
        return new PodRecord(request, info, handler, Phase.NOT_READY, createdAt, ips);
    }

    /** The name the kubelet makes unique: name, namespace, uid and attempt. */
    String reservedName() {
        return request.name() + "_" + request.namespace() + "_" + request.uid() + "_" + request.attempt();
    }
}
