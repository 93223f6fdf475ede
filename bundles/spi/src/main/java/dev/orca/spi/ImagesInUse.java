package dev.orca.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which stored images containers were created from, as the node's container state says: an image a container
 * uses, running or not, is never removed. The core registers it; the image store's garbage collection asks it.
 */
@ProviderType
public interface ImagesInUse {

    /**
     * Image IDs ({@code sha256:} of their config) that containers use, each with the ID of one such container.
     *
     * @throws IllegalStateException while the node's container state is not loaded: nothing can be said then
     */
    Map<String, String> containerByImageId();
}
