package dev.orca.core.internal.pods;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A mount a container was created with, kept for ContainerStatus: the kubelet and critest read the propagation and
 * the read-only flag back from there.
 *
 * @param propagation {@code PRIVATE}, {@code HOST_TO_CONTAINER} or {@code BIDIRECTIONAL}
 */
public record RecordedMount(String containerPath, String hostPath, boolean readonly, String propagation,
        boolean selinuxRelabel) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public RecordedMount(@JsonProperty("containerPath") String containerPath,
            @JsonProperty("hostPath") String hostPath, @JsonProperty("readonly") boolean readonly,
            @JsonProperty("propagation") String propagation, @JsonProperty("selinuxRelabel") boolean selinuxRelabel) {
        this.containerPath = containerPath;
        this.hostPath = hostPath;
        this.readonly = readonly;
        this.propagation = propagation == null ? "PRIVATE" : propagation;
        this.selinuxRelabel = selinuxRelabel;
    }

    /** A mount as records before this one kept it: {@code containerPath=hostPath[:ro]}, private. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RecordedMount ofOlderRecord(String recorded) {
        boolean readonly = recorded.endsWith(":ro");
        String mount = readonly ? recorded.substring(0, recorded.length() - 3) : recorded;
        int eq = mount.indexOf('=');
        return new RecordedMount(mount.substring(0, eq), mount.substring(eq + 1), readonly, "PRIVATE", false);
    }
}
