package dev.orca.apparmor.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The node's AppArmor: whether the kernel enforces it, which profiles it holds, and loading one. */
interface AppArmorHost {

    /** Whether the kernel has AppArmor and it is enabled. */
    boolean enabled();

    /** The names of the profiles the kernel holds. */
    Set<String> loadedProfiles() throws IOException;

    /** Loads (or replaces) the profiles of a policy file. */
    void load(Path policy) throws IOException;
}
