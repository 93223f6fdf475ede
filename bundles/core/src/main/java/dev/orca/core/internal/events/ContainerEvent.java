package dev.orca.core.internal.events;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.PodRecord;
import java.time.Instant;
import java.util.List;

/**
 * A container (or pod sandbox) was created, started, stopped or deleted, with its pod and the pod's containers as
 * they were recorded at that moment, so that a subscriber needs no runtime call to describe it.
 *
 * @param id the container's ID, or the pod's for an event of the sandbox itself (as containerd reports them)
 * @param pod the pod as recorded then (NOT_READY in the event of a sandbox that ended)
 * @param subject the container the event is about, as recorded then (also once deleted); null for the sandbox
 * @param containers the pod's containers as recorded then, each with the state its handler last reported
 */
public record ContainerEvent(Type type, String id, Instant at, PodRecord pod, ContainerRecord subject,
        List<ContainerRecord> containers) {

    public ContainerEvent {
        containers = List.copyOf(containers);
    }

    /** The CRI's four container event types. */
    public enum Type { CREATED, STARTED, STOPPED, DELETED }

    /** Whether the event is of the pod sandbox rather than of one of its containers. */
    public boolean ofSandbox() {
        return subject == null;
    }
}
