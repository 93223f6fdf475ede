package dev.orca.layers;

/**
 * What an extraction read.
 *
 * @param diffId the sha256 of every byte of the tar stream, to its end: {@code sha256:<hex>}
 * @param tarBytes how many bytes the stream had
 * @param entries how many tar entries were applied (whiteouts included)
 */
public record UnpackedLayer(String diffId, long tarBytes, long entries) {
}
