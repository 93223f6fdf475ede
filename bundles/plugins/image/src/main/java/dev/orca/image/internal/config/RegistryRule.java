package dev.orca.image.internal.config;

import java.util.List;

/**
 * One {@code [[registry]]} table of containers-registries.conf v2: which references it covers, where to pull them
 * from, and how.
 *
 * @param prefix the references it covers: {@code host[/path]}, or {@code *.domain} for every host under domain
 * @param location where they are pulled from (the prefix is replaced by it)
 * @param insecure plain HTTP or unverified TLS allowed
 * @param blocked pulls are refused
 * @param mirrorByDigestOnly mirrors are used only for references by digest
 * @param mirrors tried before the location, in order
 */
public record RegistryRule(String prefix, String location, boolean insecure, boolean blocked,
        boolean mirrorByDigestOnly, List<Mirror> mirrors) {

    /**
     * A {@code [[registry.mirror]]} entry.
     *
     * @param pullFrom {@code all}, {@code digest-only} or {@code tag-only}
     */
    public record Mirror(String location, boolean insecure, String pullFrom) {
    }

    /** How many characters of {@code name} the prefix covers, or -1 when it does not cover it. */
    int match(String name) {
        if (prefix.startsWith("*.")) {
            String host = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            return host.endsWith(prefix.substring(1)) ? host.length() : -1;
        }
        if (name.equals(prefix) || name.startsWith(prefix + "/")) {
            return prefix.length();
        }
        return -1;
    }
}
