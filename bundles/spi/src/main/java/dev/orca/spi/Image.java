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
 */
public record Image(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes,
        List<String> chainIds, ImageConfig config, Instant pulledAt) {

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        chainIds = List.copyOf(chainIds);
    }

    /** The chain ID of the top layer, or null for an image without layers. */
    public String topChainId() {
        return chainIds.isEmpty() ? null : chainIds.get(chainIds.size() - 1);
    }
}
