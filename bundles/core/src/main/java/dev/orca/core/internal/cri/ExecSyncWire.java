package dev.orca.core.internal.cri;

import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * ExecSync on the wire as the CRI defines it ({@code ExecSyncResponse}), its reply written straight from the
 * handler's chunks: gRPC drains the reply into its transport buffers, and each chunk can be collected once copied,
 * where a protobuf message would keep them all until the last byte is sent.
 */
final class ExecSyncWire implements MethodDescriptor.Marshaller<ExecSyncReply> {

    /** The CRI's ExecSync method, its reply written by this marshaller. */
    static final MethodDescriptor<ExecSyncRequest, ExecSyncReply> METHOD = RuntimeServiceGrpc.getExecSyncMethod()
            .toBuilder(RuntimeServiceGrpc.getExecSyncMethod().getRequestMarshaller(), new ExecSyncWire()).build();

    /** The service definition {@code service} binds, with ExecSync served by {@code execSync} on {@link #METHOD}. */
    static ServerServiceDefinition withExecSync(ServerServiceDefinition service,
            ServerCalls.UnaryMethod<ExecSyncRequest, ExecSyncReply> execSync) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service.getServiceDescriptor()
                .getName());
        service.getMethods().stream()
                .filter(m -> !m.getMethodDescriptor().getFullMethodName().equals(METHOD.getFullMethodName()))
                .forEach(builder::addMethod);
        return builder.addMethod(METHOD, ServerCalls.asyncUnaryCall(execSync)).build();
    }

    @Override
    public InputStream stream(ExecSyncReply reply) {
        return new ReplyStream(reply);
    }

    @Override
    public ExecSyncReply parse(InputStream stream) {
        try {
            return ExecSyncReply.from(ExecSyncResponse.parseFrom(stream));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply's bytes for gRPC: drained once into its transport, or read (a copy) by anything else. */
    private static final class ReplyStream extends InputStream implements Drainable, KnownLength {
        private ExecSyncReply reply;
        private InputStream copy;

        ReplyStream(ExecSyncReply reply) {
            this.reply = reply;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            if (reply == null) {
                return copy == null ? 0 : (int) copy.transferTo(target);
            }
            ExecSyncReply drained = reply;
            reply = null;
            return drained.writeTo(target);
        }

        @Override
        public int available() {
            if (reply != null) {
                return reply.serializedSize();
            }
            return copy == null ? 0 : copyAvailable();
        }

        @Override
        public int read() throws IOException {
            return bytes().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return bytes().read(b, off, len);
        }

        private InputStream bytes() throws IOException {
            if (copy == null) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                if (reply != null) {
                    reply.writeTo(all);
                    reply = null;
                }
                copy = new ByteArrayInputStream(all.toByteArray());
            }
            return copy;
        }

        private int copyAvailable() {
            try {
                return copy.available();
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
