package dev.orca.core.internal.spec;

import dev.orca.spi.security.SecuritySettings;
import java.util.List;

/**
 * What a container may do, settled before it is made: its capabilities and its seccomp and AppArmor settings.
 *
 * @param capabilities {@code CAP_…} names, the same for the bounding, effective and permitted sets
 */
public record ContainerSecurity(List<String> capabilities, SecuritySettings profiles) {
}
