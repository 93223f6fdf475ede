package dev.orca.spi.security;

/**
 * Whether a node can enforce a kind of profile.
 *
 * @param enabled whether profiles of the kind take effect here
 * @param detail a short human explanation (the library version, or why not)
 */
public record ProfileSupport(boolean enabled, String detail) {
}
