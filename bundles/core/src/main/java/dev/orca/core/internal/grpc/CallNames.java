package dev.orca.core.internal.grpc;

import dev.orca.core.internal.cri.Incidents;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Names the CRI call being served ({@link Incidents#CALL}), so that an incident says which call failed. */
final class CallNames implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String name = call.getMethodDescriptor().getBareMethodName();
        return Contexts.interceptCall(Context.current().withValue(Incidents.CALL, name), call, headers, next);
    }
}
