package dev.orca.core.internal.grpc;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers methods Orca does not serve with UNIMPLEMENTED naming the method, and logs them. */
final class UnknownMethods extends HandlerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownMethods.class);

    private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return new ByteArrayInputStream(new byte[0]);
        }
    };

    private final String served;

    UnknownMethods(String served) {
        this.served = served;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(methodName)
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(RAW)
                .build();
        ServerCallHandler<InputStream, InputStream> refuse = (call, headers) -> refuse(methodName, call);
        return ServerMethodDefinition.create(method, refuse);
    }

    private ServerCall.Listener<InputStream> refuse(String methodName, ServerCall<InputStream, InputStream> call) {
        LOG.warn("a CRI client called unknown method '{}'", methodName);
        call.close(Status.UNIMPLEMENTED.withDescription(
                "unknown method '" + methodName + "': Orca serves " + served), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
