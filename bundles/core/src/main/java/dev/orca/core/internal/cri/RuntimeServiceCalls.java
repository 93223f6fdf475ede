package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.cri.v1.RuntimeServiceGrpc;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.StatusResponse;
import dev.orca.cri.v1.VersionRequest;
import dev.orca.cri.v1.VersionResponse;
import io.grpc.stub.StreamObserver;

/**
 * The gRPC face of the CRI RuntimeService: each call is handed to its own small class. Calls not overridden here
 * answer UNIMPLEMENTED naming the method, as the generated base class does.
 */
public final class RuntimeServiceCalls extends RuntimeServiceGrpc.RuntimeServiceImplBase {

    private final VersionCall version;
    private final StatusCall status;

    public RuntimeServiceCalls(String orcaVersion, RuntimeHandlerRegistry handlers) {
        this.version = new VersionCall(orcaVersion);
        this.status = new StatusCall(handlers);
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
        Unary.answer(response, () -> version.answer(request));
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        Unary.answer(response, () -> status.answer(request));
    }
}
