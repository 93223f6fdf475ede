package dev.orca.image.internal.manifest;

/**
 * A content descriptor: what a manifest says of a blob or another manifest.
 *
 * @param platform {@code os/architecture[/variant]} for index entries, empty elsewhere
 */
public record Descriptor(String mediaType, String digest, long size, String platform) {
}
