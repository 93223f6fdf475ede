package dev.orca.streaming.internal;

import dev.orca.spi.streaming.ContainerStream;
import dev.orca.spi.streaming.PortForward;

/** What a token stands for until its client connects: an exec, an attach, or a port-forward. */
record PendingRequest(Kind kind, ContainerStream stream, PortForward forward) {

    enum Kind {
        EXEC("exec"), ATTACH("attach"), PORT_FORWARD("portforward");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        /** The first segment of the URL path. */
        String path() {
            return path;
        }
    }

    static PendingRequest exec(ContainerStream stream) {
        return new PendingRequest(Kind.EXEC, stream, null);
    }

    static PendingRequest attach(ContainerStream stream) {
        return new PendingRequest(Kind.ATTACH, stream, null);
    }

    static PendingRequest portForward(PortForward forward) {
        return new PendingRequest(Kind.PORT_FORWARD, null, forward);
    }

    String describe() {
        return kind == Kind.PORT_FORWARD ? "port-forward to pod sandbox " + forward.sandboxId()
                : kind.path() + " in container " + stream.containerId();
    }
}
