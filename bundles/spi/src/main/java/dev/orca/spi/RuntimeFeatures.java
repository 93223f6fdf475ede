package dev.orca.spi;

/**
 * Optional features a runtime handler supports, as the CRI reports them per handler.
 *
 * @param recursiveReadOnlyMounts read-only mounts can be made read-only recursively (rro)
 * @param userNamespaces pods can run in their own user namespace
 */
public record RuntimeFeatures(boolean recursiveReadOnlyMounts, boolean userNamespaces) {

    public static final RuntimeFeatures NONE = new RuntimeFeatures(false, false);
}
