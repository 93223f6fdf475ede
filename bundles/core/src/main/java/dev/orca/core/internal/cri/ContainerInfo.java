package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerRuntimeInfo;
import dev.orca.spi.ContainerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code info} of a verbose {@code ContainerStatus} ({@code crictl inspect}): one key, {@code info}, holding a
 * JSON object laid out as containerd's — {@code sandboxID}, {@code pid}, {@code runtimeType}, {@code runtimeSpec}
 * (the OCI config.json as the runtime was given it), {@code privileged} — which operators' scripts read as
 * {@code {{.info.pid}}}, plus the handler, image, mounts and log path.
 */
final class ContainerInfo {

    static final String KEY = "info";

    private ContainerInfo() {
    }

    /**
     * @param runtime what the handler says it gave the runtime; empty when it keeps nothing of it
     * @param specs how the runtime's spec is embedded (checked once per content)
     */
    static Map<String, String> of(ContainerRecord container, ContainerState state,
            Optional<ContainerRuntimeInfo> runtime, EmbeddedSpecs specs) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sandboxID", container.podId());
        info.put("pid", state.phase() == ContainerState.Phase.RUNNING ? state.pid() : 0);
        info.put("privileged", container.privileged());
        info.put("runtimeHandler", container.handler());
        info.put("runtimeType", runtime.map(ContainerRuntimeInfo::runtimeType).orElse(""));
        info.put("runtimePath", runtime.map(r -> r.runtimePath().toString()).orElse(""));
        info.put("image", container.image());
        info.put("imageRef", container.imageRef());
        info.put("logPath", container.logPath() == null ? "" : container.logPath().toString());
        info.put("mounts", container.mounts() == null ? List.of() : container.mounts());
        info.put("runtimeSpec", runtime.map(r -> specs.embed(container.id(), r.spec())).orElse(Map.of()));
        return Map.of(KEY, VerboseInfo.json(info));
    }
}
