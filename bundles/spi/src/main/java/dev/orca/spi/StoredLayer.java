package dev.orca.spi;

/**
 * A layer as a storage driver holds it.
 *
 * @param chainId its name: the chain ID of the stack it completes
 * @param diffId the sha256 of its uncompressed tar stream, {@code sha256:<hex>}
 * @param sizeBytes the size of its uncompressed tar stream (its own content, not its parents'), as CRI-O's storage
 *     records a layer's uncompressed size
 */
public record StoredLayer(String chainId, String diffId, long sizeBytes) {
}
