package dev.orca.runtime.oci.internal;

import dev.orca.spi.ContainerRequest;
import dev.orca.spi.oci.OciSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which pod and container annotations a runtime may see (CRI-O's {@code allowed_annotations}): annotations in a
 * runtime's own namespaces change how it runs a container (crun reads {@code run.oci.*}, runsc
 * {@code dev.gvisor.*}), so they reach the runtime only when the handler's configuration lists them; all others
 * pass. An entry ending in {@code *} allows a prefix.
 */
final class AnnotationPolicy {

    static final List<String> RUNTIME_NAMESPACES = List.of("run.oci.", "dev.gvisor.", "io.kubernetes.cri-o.",
            "io.katacontainers.", "org.criu.");
    private static final Logger LOG = LoggerFactory.getLogger(AnnotationPolicy.class);

    private final String handler;
    private final List<String> allowed;

    AnnotationPolicy(String handler, List<String> allowed) {
        this.handler = handler;
        this.allowed = List.copyOf(allowed);
    }

    boolean permits(String key) {
        if (RUNTIME_NAMESPACES.stream().noneMatch(key::startsWith)) {
            return true;
        }
        return allowed.stream().anyMatch(a -> a.endsWith("*") ? key.startsWith(a.substring(0, a.length() - 1))
                : key.equals(a));
    }

    ContainerRequest apply(ContainerRequest request) {
        OciSpec spec = request.spec();
        if (spec.annotations() == null || spec.annotations().keySet().stream().allMatch(this::permits)) {
            return request;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        spec.annotations().forEach((key, value) -> {
            if (permits(key)) {
                kept.put(key, value);
            } else {
                LOG.info("container {}: annotation {} is withheld from runtime handler \"{}\" (not in its"
                        + " allowed.annotations)", request.id(), key, handler);
            }
        });
        OciSpec filtered = new OciSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.mounts(),
                spec.linux(), kept.isEmpty() ? null : kept);
        return new ContainerRequest(request.id(), request.sandboxId(), filtered, request.logPath(), request.stdin(),
                request.stdinOnce(), request.tty());
    }
}
