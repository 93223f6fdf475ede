package dev.orca.spi.security;

import java.util.Objects;
import java.util.Set;

/**
 * What a container asks for.
 *
 * @param kind the profile type
 * @param localhostRef for {@link ProfileKind#LOCALHOST}: the seccomp profile's path (relative to the provider's
 *     root, or absolute under it) or the AppArmor profile's name; otherwise empty
 * @param handler the RuntimeClass handler the container runs on (a provider may hold a default per handler)
 * @param privileged whether the container is privileged
 * @param capabilities the container's bounding capabilities ({@code CAP_…} names): seccomp profiles allow some
 *     syscalls only to holders of a capability
 */
public record ProfileRequest(ProfileKind kind, String localhostRef, String handler, boolean privileged,
        Set<String> capabilities) {

    public ProfileRequest {
        Objects.requireNonNull(kind, "kind");
        localhostRef = localhostRef == null ? "" : localhostRef;
        handler = handler == null ? "" : handler;
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }
}
