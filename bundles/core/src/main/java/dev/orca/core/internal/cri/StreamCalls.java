package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.cri.v1.AttachRequest;
import dev.orca.cri.v1.AttachResponse;
import dev.orca.cri.v1.ExecRequest;
import dev.orca.cri.v1.ExecResponse;
import dev.orca.cri.v1.PortForwardRequest;
import dev.orca.cri.v1.PortForwardResponse;
import dev.orca.spi.ContainerState;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.streaming.ContainerStream;
import dev.orca.spi.streaming.PortForward;
import dev.orca.spi.streaming.StreamingServer;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exec, Attach and PortForward: the request is checked (the container exists and runs, the streams make sense), then
 * the streaming server hands out a URL whose client, once connected, reaches the container through its handler, as
 * recorded by name (looked up again when the client connects).
 */
final class StreamCalls {

    private final RuntimeHandlerRegistry handlers;
    private final ContainerCalls containers;
    private final PodCalls pods;
    private final Supplier<StreamingServer> server;

    StreamCalls(RuntimeHandlerRegistry handlers, ContainerCalls containers, PodCalls pods,
            Supplier<StreamingServer> server) {
        this.handlers = handlers;
        this.containers = containers;
        this.pods = pods;
        this.server = server;
    }

    ExecResponse exec(ExecRequest request) {
        RuntimeErrors.requireId(request.getContainerId(), "container");
        if (request.getCmdCount() == 0) {
            throw invalid("Exec in container \"" + request.getContainerId() + "\": no command");
        }
        checkStreams("Exec", request.getContainerId(), request.getTty(), request.getStdin(), request.getStdout(),
                request.getStderr());
        ContainerRecord container = running(request.getContainerId(), "exec");
        List<String> command = List.copyOf(request.getCmdList());
        ContainerStream stream = new ContainerStream(container.id(), request.getTty(), request.getStdin(),
                request.getStdout(), request.getStderr(), () -> {
                    try {
                        return handler(container).exec(container.id(), command, request.getTty());
                    } catch (RuntimeHandlerException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                });
        return ExecResponse.newBuilder().setUrl(issued(() -> server("Exec").exec(stream))).build();
    }

    AttachResponse attach(AttachRequest request) {
        RuntimeErrors.requireId(request.getContainerId(), "container");
        checkStreams("Attach", request.getContainerId(), request.getTty(), request.getStdin(), request.getStdout(),
                request.getStderr());
        ContainerRecord container = running(request.getContainerId(), "attach to");
        ContainerStream stream = new ContainerStream(container.id(), request.getTty(), request.getStdin(),
                request.getStdout(), request.getStderr(), () -> {
                    try {
                        return handler(container).attach(container.id(), request.getTty());
                    } catch (RuntimeHandlerException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                });
        return AttachResponse.newBuilder().setUrl(issued(() -> server("Attach").attach(stream))).build();
    }

    PortForwardResponse portForward(PortForwardRequest request) {
        PodRecord pod = pods.find(request.getPodSandboxId());
        if (pod.phase() != PodRecord.Phase.READY) {
            throw new CriFailure(Kind.FAILED_PRECONDITION, "PortForward: pod sandbox \"" + pod.id()
                    + "\" is not ready (stopped)");
        }
        for (int port : request.getPortList()) {
            if (port < 1 || port > 65535) {
                throw invalid("PortForward to pod sandbox \"" + pod.id() + "\": " + port + " is not a TCP port");
            }
        }
        String handler = pod.handler();
        PortForward forward = new PortForward(pod.id(), request.getPortList(), port -> {
            RuntimeHandler deployed = handlers.find(handler).map(h -> h.handler()).orElseThrow(() ->
                    new IOException("runtime handler '" + handler + "' is not deployed"));
            return deployed.dialPort(pod.id(), port);
        });
        return PortForwardResponse.newBuilder().setUrl(issued(() -> server("PortForward").portForward(forward)))
                .build();
    }

    /** As the kubelet and CRI-O insist: some stream, and no separate stderr on a terminal. */
    private static void checkStreams(String call, String id, boolean tty, boolean stdin, boolean stdout,
            boolean stderr) {
        if (!stdin && !stdout && !stderr) {
            throw invalid(call + " in container \"" + id + "\": one of stdin, stdout or stderr must be set");
        }
        if (tty && stderr) {
            throw invalid(call + " in container \"" + id + "\": tty and stderr cannot both be set (a terminal"
                    + " has one output)");
        }
    }

    private ContainerRecord running(String id, String what) {
        ContainerRecord container = containers.find(id);
        ContainerState state;
        try {
            state = RuntimeErrors.deployed(handlers, container.handler()).containerState(container.id());
        } catch (RuntimeHandlerException e) {
            throw CriFailure.from(e);
        }
        if (state.phase() != ContainerState.Phase.RUNNING) {
            throw new CriFailure(Kind.FAILED_PRECONDITION, "cannot " + what + " container \"" + container.id()
                    + "\": it is " + state.phase());
        }
        return container;
    }

    private RuntimeHandler handler(ContainerRecord container) throws IOException {
        return handlers.find(container.handler()).map(h -> h.handler()).orElseThrow(() ->
                new IOException("runtime handler '" + container.handler() + "' is not deployed"));
    }

    /** The URL; a server with too many URLs waiting for their clients refuses more (RESOURCE_EXHAUSTED). */
    private static String issued(Supplier<java.net.URI> url) {
        try {
            return url.get().toString();
        } catch (IllegalStateException e) {
            throw new CriFailure(Kind.RESOURCE_EXHAUSTED, e.getMessage());
        }
    }

    private StreamingServer server(String call) {
        StreamingServer deployed = server.get();
        if (deployed == null) {
            throw new CriFailure(Kind.UNAVAILABLE, call + ": no streaming server is deployed (feature"
                    + " 'streaming', bundle dev.orca.streaming)");
        }
        return deployed;
    }

    private static CriFailure invalid(String message) {
        return new CriFailure(Kind.INVALID, message);
    }
}
