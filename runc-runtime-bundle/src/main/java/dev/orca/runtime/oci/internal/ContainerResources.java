package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;

import dev.orca.isolation.cgroups.Cgroup;
import dev.orca.spi.ResourceUsage;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciResources;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The resources of a live container: updating its limits, reading its CPU and memory use. */
final class ContainerResources {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerResources.class);

    private final ContainerLayout layout;
    private final RuntimeCalls calls;
    /** Each container's cgroup path, read once from its config.json: the spec is not rewritten once created. */
    private final java.util.Map<String, String> cgroupsPaths = new java.util.concurrent.ConcurrentHashMap<>();

    ContainerResources(ContainerLayout layout, RuntimeCalls calls) {
        this.layout = layout;
        this.calls = calls;
    }

    void update(String id, RuntimeCli cli, OciResources resources) throws RuntimeHandlerException {
        byte[] json;
        try {
            json = OciContainers.SPEC_JSON.writeValueAsBytes(resources);
        } catch (IOException e) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": resources cannot be written as JSON", e);
        }
        Commands.Result result = calls.call(id, "update", cli.update(id), json);
        if (!result.ok()) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": update of resources failed: "
                    + SyncMessage.runtimeError(result.stderr()));
        }
    }

    /**
     * CPU and memory, from the container's cgroup files when they are there (no process to start, and crun has no
     * {@code events}), else from the runtime's {@code events --stats}.
     */
    ResourceUsage usage(String id, RuntimeCli cli) throws RuntimeHandlerException {
        String cgroupsPath = cgroupsPath(id);
        if (cgroupsPath != null) {
            try {
                Cgroup cgroup = Cgroup.onHost(cgroupsPath);
                if (cgroup.exists()) {
                    return cgroup.usage().toResourceUsage(Instant.now());
                }
            } catch (IOException e) {
                LOG.debug("container {}: cgroup {} unreadable ({}); asking the runtime", id, cgroupsPath,
                        e.getMessage());
            }
        }
        Commands.Result result = calls.call(id, "events --stats", cli.stats(id), null);
        if (!result.ok()) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": stats failed: "
                    + SyncMessage.runtimeError(result.stderr()));
        }
        try {
            return RuntimeStats.usage(result.stdout(), Instant.now());
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": unreadable stats: " + e.getMessage(), e);
        }
    }

    /**
     * The container's {@code linux.cgroupsPath} as its config.json says, or null; read once per container (every
     * ContainerStats and the OOM check at its end need it) until {@link #forget}.
     */
    String cgroupsPath(String id) {
        String known = cgroupsPaths.get(id);
        if (known != null) {
            return known;
        }
        try {
            String read = OciContainers.SPEC_JSON.readTree(layout.config(id).toFile()).path("linux")
                    .path("cgroupsPath").asText(null);
            if (read != null) {
                cgroupsPaths.put(id, read);
            }
            return read;
        } catch (IOException e) {
            return null;
        }
    }

    /** Forgets a removed container (an ID made again gets its spec read again). */
    void forget(String id) {
        cgroupsPaths.remove(id);
    }
}
