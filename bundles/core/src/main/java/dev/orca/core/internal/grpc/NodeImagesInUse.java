package dev.orca.core.internal.grpc;

import dev.orca.core.internal.pods.NodeState;
import dev.orca.spi.ImagesInUse;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The images the node's containers use, for the image store's garbage collection. */
@Component(service = ImagesInUse.class)
public final class NodeImagesInUse implements ImagesInUse {

    private final CriEndpoint endpoint;

    @Activate
    public NodeImagesInUse(@Reference CriEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Map<String, String> containerByImageId() {
        return endpoint.nodeState().map(NodeState::containerByImageId).orElseThrow(() ->
                new IllegalStateException("the CRI endpoint is not serving: the node's containers are not loaded"));
    }
}
