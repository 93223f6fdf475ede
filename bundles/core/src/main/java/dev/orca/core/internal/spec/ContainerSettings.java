package dev.orca.core.internal.spec;

import java.util.List;
import java.util.Map;

/**
 * What a CreateContainer request asks for, in the core's own terms (the gRPC layer translates the CRI's
 * ContainerConfig into it); the spec generator turns it, with the image and the sandbox, into an OCI spec.
 *
 * @param command replaces the image's entrypoint when not empty
 * @param args replaces the image's cmd when not empty
 * @param runAsUser null when not set; {@code runAsUsername} is used then, else the image's USER
 * @param runAsGroup null when not set
 * @param capabilitiesAdd names without {@code CAP_}, or {@code ALL}
 * @param oomScoreAdj null when not set
 * @param pidMode POD to share the pod's process namespace, CONTAINER for its own, NODE for the node's
 * @param sysctls the pod's namespaced sysctls, applied in the namespaces the container joins
 * @param strictSupplementalGroups the CRI's Strict policy: only the request's groups, none from the image's
 *     {@code /etc/group}
 * @param maskedPaths replace the default masked paths when not empty
 * @param readonlyPaths replace the default read-only paths when not empty
 * @param handler the RuntimeClass handler the container runs on (profile providers may hold a default per handler)
 */
public record ContainerSettings(String name, List<String> command, List<String> args, String workingDir,
        List<String> env, List<Mount> mounts, List<Device> devices, boolean privileged, boolean readonlyRootfs,
        Long runAsUser, String runAsUsername, Long runAsGroup, List<Long> supplementalGroups,
        boolean strictSupplementalGroups, List<String> capabilitiesAdd, List<String> capabilitiesDrop, boolean noNewPrivileges, Resources resources,
        Integer oomScoreAdj, boolean tty, boolean stdin, dev.orca.spi.NamespaceMode pidMode,
        Map<String, String> sysctls, Map<String, String> annotations, List<String> maskedPaths,
        List<String> readonlyPaths, String handler, ProfileChoice seccomp, ProfileChoice apparmor) {

    /** A bind mount: host path onto container path. */
    public record Mount(String containerPath, String hostPath, boolean readonly, Propagation propagation) {
    }

    /** Mount propagation as the CRI names it. */
    public enum Propagation { PRIVATE, HOST_TO_CONTAINER, BIDIRECTIONAL }

    /** A host device made available in the container. */
    public record Device(String containerPath, String hostPath, String permissions) {
    }

    /** Cgroup limits; zero means unset, as in the CRI. */
    public record Resources(long cpuShares, long cpuQuota, long cpuPeriod, String cpusetCpus, String cpusetMems,
            long memoryLimitBytes, Map<String, Long> hugepageLimits) {

        public static final Resources NONE = new Resources(0, 0, 0, "", "", 0, Map.of());
    }
}
