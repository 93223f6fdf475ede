package dev.orca.core.internal.cri;

import dev.orca.spi.ImageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC status for each kind of image failure; the message (image and cause) goes along unchanged. */
final class ImageErrors {

    private ImageErrors() {
    }

    static StatusRuntimeException toStatus(ImageException e) {
        Status status = switch (e.kind()) {
            case INVALID_REFERENCE -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNAUTHORIZED -> Status.PERMISSION_DENIED;
            case REFUSED -> Status.PERMISSION_DENIED;
            case UNREACHABLE -> Status.UNAVAILABLE;
            case TIMED_OUT -> Status.DEADLINE_EXCEEDED;
            case CORRUPT -> Status.DATA_LOSS;
            case IN_USE -> Status.FAILED_PRECONDITION;
            case NOT_DEPLOYED -> Status.UNAVAILABLE;
            case FAILED -> Status.INTERNAL;
        };
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
