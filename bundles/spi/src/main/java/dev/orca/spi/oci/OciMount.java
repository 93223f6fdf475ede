package dev.orca.spi.oci;

import java.util.List;

/** {@code mounts[]}. */
public record OciMount(String destination, String type, String source, List<String> options) {
}
