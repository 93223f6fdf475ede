package dev.orca.spi.oci;

/** {@code linux.namespaces[]}: a type ({@code network}, {@code pid}, ...) and, to join one, its path. */
public record OciNamespace(String type, String path) {
}
