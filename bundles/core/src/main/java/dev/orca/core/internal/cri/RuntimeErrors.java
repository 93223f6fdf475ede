package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.files.DiskFull;
import java.io.IOException;
import java.util.stream.Collectors;

/** Handlers by name for pod and container calls, and the failures of finding them. */
final class RuntimeErrors {

    private RuntimeErrors() {
    }

    /** An ID the request must carry: an empty one names nothing, also for calls that are otherwise idempotent. */
    static void requireId(String id, String what) {
        if (id.isEmpty()) {
            throw new CriFailure(Kind.INVALID, "the " + what + " ID is empty");
        }
    }

    static CriFailure stateNotWritten(String what, IOException e) {
        if (DiskFull.among(e)) {
            return new CriFailure(Kind.RESOURCE_EXHAUSTED, "cannot record " + what + ": the disk of Orca's state is "
                    + "full: " + e.getMessage(), e);
        }
        return new CriFailure(Kind.FAILED, "cannot record " + what + ": " + e.getMessage(), e);
    }

    /**
     * The handler a new pod asks for (the default when it names none), waiting up to {@code patience} for it (the
     * node's start-up left), or NOT_FOUND listing the handlers there are.
     */
    static HandlerEntry forNewPod(RuntimeHandlerRegistry handlers, String name, java.time.Duration patience) {
        var found = name.isEmpty() ? handlers.awaitDefault(patience) : handlers.await(name, patience);
        HandlerEntry entry = found.orElseThrow(() -> new CriFailure(Kind.NOT_FOUND, (name.isEmpty()
                ? "no default runtime handler is deployed" : "runtime handler '" + name + "' is not known")
                + "; available: " + available(handlers)));
        entry.handler().unavailability().ifPresent(why -> {
            throw new CriFailure(Kind.FAILED_PRECONDITION, "runtime handler '" + name + "' is not available: "
                    + why + "; available: " + available(handlers));
        });
        return entry;
    }

    /** How long a call on an existing pod or container waits for its handler to come back. */
    static final java.time.Duration HANDLER_PATIENCE = java.time.Duration.ofSeconds(5);

    /** The handler an existing pod or container recorded, or UNAVAILABLE while it is not deployed. */
    static RuntimeHandler deployed(RuntimeHandlerRegistry handlers, String name) {
        return handlers.await(name, HANDLER_PATIENCE).map(HandlerEntry::handler).orElseThrow(() ->
                new CriFailure(Kind.UNAVAILABLE, "runtime handler '" + name + "' is not deployed"));
    }

    private static String available(RuntimeHandlerRegistry handlers) {
        String names = handlers.handlers().stream().map(HandlerEntry::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
