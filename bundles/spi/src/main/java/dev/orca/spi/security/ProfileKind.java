package dev.orca.spi.security;

/** The CRI's profile types. */
public enum ProfileKind {
    /** The runtime's own default profile. */
    RUNTIME_DEFAULT,
    /** A profile the node holds, named by {@link ProfileRequest#localhostRef()}. */
    LOCALHOST,
    /** No profile. */
    UNCONFINED
}
