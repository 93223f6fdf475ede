package dev.orca.core.internal.cri;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Completes a call: its answers, or its failure as the gRPC status {@link StatusMapping} gives it. Every CRI call of the
 * core, unary or server streaming, ends here; the code underneath throws {@link CriFailure}s and builds no status.
 */
final class Unary {

    private Unary() {
    }

    static <T> void answer(io.grpc.stub.StreamObserver<T> response, Supplier<T> call) {
        stream(response, () -> response.onNext(call.get()));
    }

    /** Runs a call that sends its answers itself, then completes it, or fails it with the mapped status. */
    static <T> void stream(io.grpc.stub.StreamObserver<T> response, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            response.onError(StatusMapping.toStatus(e));
            return;
        }
        response.onCompleted();
    }
}
