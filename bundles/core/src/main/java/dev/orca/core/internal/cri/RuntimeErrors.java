package dev.orca.core.internal.cri;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.stream.Collectors;

/** Handlers by name, and the gRPC status of runtime failures. */
final class RuntimeErrors {

    private RuntimeErrors() {
    }

    static StatusRuntimeException toStatus(RuntimeHandlerException e) {
        Status status = switch (e.kind()) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case TIMED_OUT -> Status.DEADLINE_EXCEEDED;
            case FAILED -> Status.INTERNAL;
        };
        return status.withDescription(e.getMessage()).asRuntimeException();
    }

    /** An ID the request must carry: an empty one names nothing, also for calls that are otherwise idempotent. */
    static void requireId(String id, String what) {
        if (id.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("the " + what + " ID is empty").asRuntimeException();
        }
    }

    static StatusRuntimeException stateNotWritten(String what, IOException e) {
        return Status.INTERNAL.withDescription("cannot record " + what + ": " + e.getMessage()).withCause(e)
                .asRuntimeException();
    }

    /** The handler a new pod asks for (the default when it names none), or NOT_FOUND listing the handlers there are. */
    static HandlerEntry forNewPod(RuntimeHandlerRegistry handlers, String name) {
        var found = name.isEmpty() ? handlers.defaultHandler() : handlers.find(name);
        HandlerEntry entry = found.orElseThrow(() -> Status.NOT_FOUND.withDescription((name.isEmpty()
                ? "no default runtime handler is deployed" : "runtime handler '" + name + "' is not known")
                + "; available: " + available(handlers)).asRuntimeException());
        entry.handler().unavailability().ifPresent(why -> {
            throw Status.FAILED_PRECONDITION.withDescription("runtime handler '" + name + "' is not available: "
                    + why + "; available: " + available(handlers)).asRuntimeException();
        });
        return entry;
    }

    /** How long a call on an existing pod or container waits for its handler to come back. */
    static final java.time.Duration HANDLER_PATIENCE = java.time.Duration.ofSeconds(5);

    /** The handler an existing pod or container recorded, or UNAVAILABLE while it is not deployed. */
    static RuntimeHandler deployed(RuntimeHandlerRegistry handlers, String name) {
        return handlers.await(name, HANDLER_PATIENCE).map(HandlerEntry::handler).orElseThrow(() -> Status.UNAVAILABLE
                .withDescription("runtime handler '" + name + "' is not deployed").asRuntimeException());
    }

    private static String available(RuntimeHandlerRegistry handlers) {
        String names = handlers.handlers().stream().map(HandlerEntry::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
