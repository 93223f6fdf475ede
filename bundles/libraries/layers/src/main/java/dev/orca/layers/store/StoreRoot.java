package dev.orca.layers.store;

import dev.orca.spi.NodePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a storage driver keeps its files. */
public final class StoreRoot {

    private StoreRoot() {
    }

    /**
     * The configured root when there is one, otherwise {@code <orcaRoot>/storage/<driver>}, with {@code orcaRoot}
     * defaulting to {@value NodePaths#DEFAULT_ROOT}.
     *
     * @throws IllegalArgumentException the configured root is not absolute
     */
    public static Path of(String configured, String orcaRoot, String driver) {
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured.strip());
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException("storage root \"" + configured + "\" of driver " + driver
                        + " is not an absolute path");
            }
            return root.normalize();
        }
        return Path.of(NodePaths.root(orcaRoot)).toAbsolutePath().normalize().resolve("storage").resolve(driver);
    }

    /**
     * Creates the root (and its parents) and closes it to everybody but root (mode 0700): layers hold images'
     * setuid binaries, which a local user must not reach and run.
     */
    public static Path create(Path root) throws IOException {
        Files.createDirectories(root);
        Files.setAttribute(root, "unix:mode", 0700);
        return root;
    }
}
