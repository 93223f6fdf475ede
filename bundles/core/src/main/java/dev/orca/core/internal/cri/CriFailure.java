package dev.orca.core.internal.cri;

import dev.orca.core.internal.spec.SpecException;
import dev.orca.spi.ImageException;
import dev.orca.spi.NetworkException;
import dev.orca.spi.RuntimeHandlerException;

/**
 * A CRI request the core refuses or could not carry out: the message names the object and the cause, the kind says
 * what sort of failure it is. The core's own checks throw it, and the SPI's typed exceptions become one where the core
 * catches them; {@link StatusMapping} alone turns it into a gRPC status.
 */
final class CriFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What sort of failure, named as the gRPC codes they become. */
    enum Kind {
        /** The request itself is wrong. */
        INVALID,
        NOT_FOUND,
        ALREADY_EXISTS,
        /** The object is not in a state that allows it, or the node lacks what the request needs. */
        FAILED_PRECONDITION,
        /** A service the call needs is not deployed or not ready; trying again later may succeed. */
        UNAVAILABLE,
        DEADLINE_EXCEEDED,
        PERMISSION_DENIED,
        RESOURCE_EXHAUSTED,
        /** Content that does not match its digest or is not what it claims. */
        DATA_LOSS,
        /** A plug-in failed in a way it does not classify (the pod network's plug-ins). */
        UNKNOWN,
        /** The runtime, the node or the state on disk failed; the message says how (INTERNAL). */
        FAILED
    }

    private final Kind kind;

    CriFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    CriFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static CriFailure from(RuntimeHandlerException e) {
        Kind kind = switch (e.kind()) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case INVALID -> Kind.INVALID;
            case FAILED_PRECONDITION -> Kind.FAILED_PRECONDITION;
            case TIMED_OUT -> Kind.DEADLINE_EXCEEDED;
            case FAILED -> Kind.FAILED;
        };
        return new CriFailure(kind, e.getMessage(), e);
    }

    static CriFailure from(ImageException e) {
        Kind kind = switch (e.kind()) {
            case INVALID_REFERENCE -> Kind.INVALID;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case UNAUTHORIZED, REFUSED -> Kind.PERMISSION_DENIED;
            case UNREACHABLE, NOT_DEPLOYED -> Kind.UNAVAILABLE;
            case TIMED_OUT -> Kind.DEADLINE_EXCEEDED;
            case CORRUPT -> Kind.DATA_LOSS;
            case IN_USE -> Kind.FAILED_PRECONDITION;
            case NO_SPACE -> Kind.RESOURCE_EXHAUSTED;
            case FAILED -> Kind.FAILED;
        };
        return new CriFailure(kind, e.getMessage(), e);
    }

    /** A request the node cannot honour now (a missing profile bundle) is a failed precondition, not the caller's fault. */
    static CriFailure from(SpecException e) {
        return new CriFailure(e.blame() == SpecException.Cause.NODE ? Kind.FAILED_PRECONDITION : Kind.INVALID,
                e.getMessage(), e);
    }

    /** CNI plug-ins report failures without a class, so the client hears UNKNOWN with the plug-in's error. */
    static CriFailure from(NetworkException e) {
        return new CriFailure(Kind.UNKNOWN, e.getMessage(), e);
    }
}
