package dev.orca.core.internal.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;

/**
 * Tells each listener how every CRI call ended: its method, its status and how long it took (a streaming call, when
 * it ends). The one place a call is timed; logging and metrics listen.
 */
final class CallEnds implements ServerInterceptor {

    /** Hears of each call's end, on the thread that answers it; must not throw. */
    interface Listener {
        void ended(MethodDescriptor<?, ?> method, Status status, long nanos);
    }

    private final List<Listener> listeners;

    CallEnds(Listener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        long started = System.nanoTime();
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                long nanos = System.nanoTime() - started;
                listeners.forEach(l -> l.ended(call.getMethodDescriptor(), status, nanos));
                super.close(status, trailers);
            }
        }, headers);
    }
}
