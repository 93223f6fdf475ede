package dev.orca.core.internal.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Completes a call: its answers, or the error translated to a gRPC status (the only place that does it). */
final class Unary {

    private static final Logger LOG = LoggerFactory.getLogger(Unary.class);

    private Unary() {
    }

    static <T> void answer(io.grpc.stub.StreamObserver<T> response, Supplier<T> call) {
        stream(response, () -> response.onNext(call.get()));
    }

    /** Runs a call that sends its answers itself, then completes it, or fails it with the translated error. */
    static <T> void stream(io.grpc.stub.StreamObserver<T> response, Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("CRI call failed unexpectedly", e);
            response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e).asRuntimeException());
            return;
        }
        response.onCompleted();
    }
}
