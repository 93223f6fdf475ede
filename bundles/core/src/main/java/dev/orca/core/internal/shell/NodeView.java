package dev.orca.core.internal.shell;

import dev.orca.core.internal.handler.HandlerEntry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.NodeState;
import dev.orca.spi.ImageStore;
import dev.orca.spi.RuntimeHandlerException;
import java.util.Optional;

/**
 * What one shell command looks at: the handler registry, the pods and containers the CRI endpoint keeps, and the
 * image store. The endpoint and the store may be away; the commands then say so instead of failing.
 */
final class NodeView {

    static final String NO_STATE = "the CRI endpoint is not running: pods and containers are not known";
    static final String NO_IMAGES = "no image store is deployed";

    private final RuntimeHandlerRegistry handlers;
    private final NodeState state;
    private final ImageStore images;

    /** @param state null while the CRI endpoint is not serving; @param images null while no store is deployed */
    NodeView(RuntimeHandlerRegistry handlers, NodeState state, ImageStore images) {
        this.handlers = handlers;
        this.state = state;
        this.images = images;
    }

    RuntimeHandlerRegistry handlers() {
        return handlers;
    }

    Optional<NodeState> state() {
        return Optional.ofNullable(state);
    }

    Optional<ImageStore> images() {
        return Optional.ofNullable(images);
    }

    /** The container with its state as its handler tells it now, or why the handler cannot tell. */
    ContainerView container(ContainerRecord record) {
        Optional<HandlerEntry> handler = handlers.find(record.handler());
        if (handler.isEmpty()) {
            return ContainerView.unanswered(record, "handler '" + record.handler() + "' not deployed");
        }
        try {
            return ContainerView.live(record, handler.get().handler().containerState(record.id()));
        } catch (RuntimeHandlerException | RuntimeException e) {
            return ContainerView.unanswered(record, "unknown: " + e.getMessage());
        }
    }
}
