package dev.orca.isolation.namespaces;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The namespaces pinned in a pod's directory.
 *
 * @param dir the pod's directory
 * @param files the pinned file of each namespace that is mounted, to be given to runtimes as its path
 * @param pidHolder the pid of the process that is init of the pinned PID namespace, when it is alive
 */
public record PinnedNamespaces(Path dir, Map<NamespaceType, Path> files, OptionalLong pidHolder) {

    public PinnedNamespaces {
        files = Map.copyOf(files);
    }

    /** The pinned file of a namespace, if it is pinned. */
    public Optional<Path> path(NamespaceType type) {
        return Optional.ofNullable(files.get(type));
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
