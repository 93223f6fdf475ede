package dev.orca.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Extended attributes of a file itself: a symbolic link's own attributes, never those of its target (the l*xattr
 * calls). Names carry their namespace: {@code user.x}, {@code trusted.overlay.opaque}, {@code security.capability}.
 */
@ProviderType
public interface ExtendedAttributes {

    /** Sets (creates or replaces) an attribute. */
    void set(Path path, String name, byte[] value) throws IOException;

    /** An attribute's value; empty when the file does not have it. */
    Optional<byte[]> get(Path path, String name) throws IOException;

    /** The names of the file's attributes (those of the namespaces the caller may see). */
    List<String> list(Path path) throws IOException;

    /** Removes an attribute; nothing happens when the file does not have it. */
    void remove(Path path, String name) throws IOException;
}
