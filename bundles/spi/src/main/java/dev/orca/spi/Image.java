package dev.orca.spi;

import java.time.Instant;
import java.util.List;

/**
 * A stored image.
 *
 * @param id {@code sha256:<hex>} of its config
 * @param repoTags tag references, fully qualified ({@code docker.io/library/busybox:latest})
 * @param repoDigests digest references ({@code docker.io/library/busybox@sha256:...}); the digest is the manifest's
 *     (for a manifest list, the list's, as pulled)
 * @param sizeBytes bytes of its layers, compressed, as the manifest gives them
 * @param chainIds the chain IDs of its layers, base first; the last one is the root filesystem's top
 * @param config the image's run-time defaults
 * @param pulledAt when it was last pulled
 * @param pinned whether the node's configuration pins it: image garbage collection never removes a pinned image
 *     (the CRI's {@code Image.pinned}, which tells the kubelet's image garbage collection the same)
 */
public record Image(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes,
        List<String> chainIds, ImageConfig config, Instant pulledAt, boolean pinned) {

    /** An image that is not pinned. */
    public Image(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, List<String> chainIds,
            ImageConfig config, Instant pulledAt) {
        this(id, repoTags, repoDigests, sizeBytes, chainIds, config, pulledAt, false);
    }

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        chainIds = List.copyOf(chainIds);
    }

    /** The same image, pinned or not. */
    public Image withPinned(boolean pin) {
        return new Image(id, repoTags, repoDigests, sizeBytes, chainIds, config, pulledAt, pin);
    }

    /** The chain ID of the top layer, or null for an image without layers. */
    public String topChainId() {
        return chainIds.isEmpty() ? null : chainIds.get(chainIds.size() - 1);
    }
}
