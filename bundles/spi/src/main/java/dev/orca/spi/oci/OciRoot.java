package dev.orca.spi.oci;

/** {@code root}: the container's root filesystem. */
public record OciRoot(String path, Boolean readonly) {
}
