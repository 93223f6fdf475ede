package dev.orca.spi;

/**
 * A layer as a storage driver holds it.
 *
 * @param chainId its name: the chain ID of the stack it completes
 * @param diffId the sha256 of its uncompressed tar stream, {@code sha256:<hex>}
 * @param sizeBytes bytes its content takes on disk
 */
public record StoredLayer(String chainId, String diffId, long sizeBytes) {
}
