package dev.orca.core.internal.cri;

import dev.orca.cri.v1.ExecSyncRequest;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.spi.ExecResult;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The CRI's ExecSync with its reply in {@code ExecSyncResponse}'s wire form, written by {@link ExecSyncReply} a chunk
 * at a time straight into gRPC's transport buffers: gRPC drains the reply within the call's {@code onNext}, after
 * which the reply can be closed.
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

    /** A reply read back (what a client of this method would do): the message's bytes, held in memory. */
    @Override
    public ExecSyncReply parse(InputStream stream) {
        try {
            ExecSyncResponse response = ExecSyncResponse.parseFrom(stream);
            return ExecSyncReply.of("", new ExecResult(response.getExitCode(), response.getStdout()
                    .asReadOnlyByteBufferList(), response.getStderr().asReadOnlyByteBufferList(), false));
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
        public int available() throws IOException {
            if (reply != null) {
                return reply.serializedSize();
            }
            return copy == null ? 0 : copy.available();
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
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                if (reply != null) {
                    reply.writeTo(all);
                    reply = null;
                }
                copy = new ByteArrayInputStream(all.toByteArray());
            }
            return copy;
        }
    }
}
