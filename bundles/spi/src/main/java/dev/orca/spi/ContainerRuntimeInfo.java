package dev.orca.spi;

import java.nio.file.Path;

/**
 * How a handler runs one container, for the people who inspect it ({@code crictl inspect}).
 *
 * @param runtimeType the kind of runtime the handler drives ({@code oci} for an OCI runtime binary)
 * @param runtimePath the runtime binary the container was created with
 * @param spec the OCI spec as the runtime was given it (its {@code config.json}): a JSON document
 */
public record ContainerRuntimeInfo(String runtimeType, Path runtimePath, String spec) {
}
