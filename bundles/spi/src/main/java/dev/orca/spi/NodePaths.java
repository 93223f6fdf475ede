package dev.orca.spi;

/** Where a node keeps its files: the framework properties that name the directories, and their defaults. */
public final class NodePaths {

    /** Framework property: Orca's persistent state directory (images, layers, container metadata). */
    public static final String ROOT = "orca.root";

    /** The {@link #ROOT} of a node that sets none. */
    public static final String DEFAULT_ROOT = "/var/lib/orca";

    private NodePaths() {
    }

    /** The configured root when there is one (stripped), otherwise {@value #DEFAULT_ROOT}. */
    public static String root(String configured) {
        return configured == null || configured.isBlank() ? DEFAULT_ROOT : configured.strip();
    }
}
