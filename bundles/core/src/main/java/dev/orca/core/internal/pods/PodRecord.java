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

    /** READY until stopped. */
    public enum Phase { READY, NOT_READY }

    public String id() {
        return request.id();
    }

    public PodRecord stopped() {
        return new PodRecord(request, info, handler, Phase.NOT_READY, createdAt, ips);
    }

    /** The name the kubelet makes unique: name, namespace, uid and attempt. */
    String reservedName() {
        return request.name() + "_" + request.namespace() + "_" + request.uid() + "_" + request.attempt();
    }
}
