package dev.orca.spi;

/** A runtime handler could not do what was asked; the message names the object and the cause. */
public class RuntimeHandlerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What sort of failure: the core turns it into the matching gRPC status. */
    public enum Kind {
        /** No such sandbox or container. */
        NOT_FOUND,
        /** The request cannot be carried out as given (a bad mount, an unknown user, a refused sysctl). */
        INVALID,
        /** The object is not in a state that allows it (exec in a stopped container). */
        FAILED_PRECONDITION,
        /** The exec or stop took longer than allowed. */
        TIMED_OUT,
        /** The runtime or the kernel failed. */
        FAILED
    }

    private final Kind kind;

    public RuntimeHandlerException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RuntimeHandlerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
