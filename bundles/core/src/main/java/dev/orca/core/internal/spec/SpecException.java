package dev.orca.core.internal.spec;

/** A container cannot be specified as asked: the message names the container, the setting and why. */
public final class SpecException extends Exception {

    /** Whether the request itself is at fault, or the node lacks something it needs. */
    public enum Cause {
        /** The request asks for something that cannot be (INVALID_ARGUMENT). */
        REQUEST,
        /** The node cannot honour it now: a bundle it needs is not deployed, the kernel lacks a feature. */
        NODE
    }

    private static final long serialVersionUID = 1L;

    private final Cause cause;

    public SpecException(String message) {
        this(message, Cause.REQUEST);
    }

    public SpecException(String message, Cause cause) {
        super(message);
        this.cause = cause;
    }

    public Cause blame() {
        return cause;
    }
}
