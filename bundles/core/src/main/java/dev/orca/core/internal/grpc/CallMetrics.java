package dev.orca.core.internal.grpc;

import dev.orca.core.internal.cri.CoreMetrics;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Counts every CRI call by method and status code, and times it; a streaming call counts when it ends. */
final class CallMetrics implements ServerInterceptor {

    private final CoreMetrics metrics;

    CallMetrics(CoreMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        long started = System.nanoTime();
        String method = call.getMethodDescriptor().getBareMethodName();
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                metrics.served(method, status.getCode().name(), System.nanoTime() - started);
                super.close(status, trailers);
            }
        }, headers);
    }
}
