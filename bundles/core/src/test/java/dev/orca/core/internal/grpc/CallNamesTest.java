package dev.orca.core.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orca.core.internal.cri.Incidents;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A call's handler runs knowing the call's name, so that an incident can say which call failed. */
class CallNamesTest {

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

    /** A call as the transport hands it to the service, doing nothing. */
    private static final class Call extends ServerCall<InputStream, InputStream> {
        private final MethodDescriptor<InputStream, InputStream> method;

        Call(String fullName) {
            this.method = MethodDescriptor.<InputStream, InputStream>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullName)
                    .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(InputStream message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<InputStream, InputStream> getMethodDescriptor() {
            return method;
        }
    }

    @Test
    void theHandlerSeesTheBareMethodName() {
        AtomicReference<String> seen = new AtomicReference<>();
        ServerCall.Listener<InputStream> listener = new CallNames().interceptCall(
                new Call("runtime.v1.RuntimeService/CreateContainer"), new Metadata(),
                (call, headers) -> new ServerCall.Listener<>() {
                    @Override
                    public void onHalfClose() {
                        seen.set(Incidents.CALL.get());
                    }
                });

        listener.onHalfClose();

        assertEquals("CreateContainer", seen.get());
        assertEquals(null, Incidents.CALL.get(), "only while the call is served");
    }
}
