package dev.orca.core.internal.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/**
 * Completes a call: its answers, or the error as a gRPC status — a typed failure with its own code and message, an
 * unexpected one as an {@link Incidents incident}. Every CRI call of the core, unary or server streaming, ends here.
 */
final class Unary {

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
            response.onError(Incidents.report(e));
            return;
        }
        response.onCompleted();
    }
}
