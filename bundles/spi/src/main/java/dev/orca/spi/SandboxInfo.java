package dev.orca.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * A pod sandbox as its handler made it: what the core needs to put containers into it.
 *
 * @param namespaces pinned namespace files by OCI namespace type ({@code network}, {@code ipc}, {@code uts},
 *     {@code pid}); a type shared with the node is absent
 * @param hostsFile with {@code resolvConf} and {@code hostnameFile}: files to mount into each container
 * @param shm the pod's {@code /dev/shm} to mount, or null when the container gets its own
 * @param cgroupParent the cgroup the pod's containers go under
 */
public record SandboxInfo(String id, Map<String, Path> namespaces, Path hostsFile, Path resolvConf,
        Path hostnameFile, Path shm, String cgroupParent) {
}
