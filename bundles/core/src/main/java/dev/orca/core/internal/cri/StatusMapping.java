package dev.orca.core.internal.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Where a failure of a CRI call becomes the gRPC status the client receives: a {@link CriFailure} gets the code of its
 * kind and keeps its message, an {@link IllegalArgumentException} is INVALID_ARGUMENT, anything else is an
 * {@link Incidents incident}.
 */
final class StatusMapping {

    private StatusMapping() {
    }

    static StatusRuntimeException toStatus(RuntimeException failure) {
        if (failure instanceof CriFailure typed) {
            return code(typed.kind()).withDescription(typed.getMessage()).asRuntimeException();
        }
        if (failure instanceof IllegalArgumentException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
        }
        return Incidents.report(failure);
    }

    static Status code(CriFailure.Kind kind) {
        return switch (kind) {
            case INVALID -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case DATA_LOSS -> Status.DATA_LOSS;
            case UNKNOWN -> Status.UNKNOWN;
            case FAILED -> Status.INTERNAL;
        };
    }
}
