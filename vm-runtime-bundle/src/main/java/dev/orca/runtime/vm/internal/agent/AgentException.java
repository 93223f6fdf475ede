package dev.orca.runtime.vm.internal.agent;

import java.io.IOException;

/**
 * The agent refused a request (its one-line error, naming the object and the cause), did not answer in time, or
 * cannot be reached.
 */
public final class AgentException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a request got no answer. */
    public enum Kind { REFUSED, TIMED_OUT, DISCONNECTED }

    private final Kind kind;

    public AgentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
