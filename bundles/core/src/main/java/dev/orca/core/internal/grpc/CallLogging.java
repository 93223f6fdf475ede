package dev.orca.core.internal.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every CRI call's outcome: failures at INFO with their cause, successes at DEBUG with their duration. */
final class CallLogging implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(CallLogging.class);

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        long started = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                long micros = (System.nanoTime() - started) / 1000;
                if (status.isOk()) {
                    LOG.debug("{} ok in {}µs", method, micros);
                } else {
                    LOG.info("{} {}: {} ({}µs)", method, status.getCode(), status.getDescription(), micros);
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
