package dev.orca.core.internal.spec;

import dev.orca.spi.security.ProfileKind;

/**
 * The seccomp or AppArmor profile a container asks for.
 *
 * @param localhostRef for {@link ProfileKind#LOCALHOST}: the profile's path (seccomp) or name (AppArmor)
 */
public record ProfileChoice(ProfileKind kind, String localhostRef) {

    /** What the CRI means by no profile at all ({@code ""} is "unconfined" in its words). */
    public static final ProfileChoice UNCONFINED = new ProfileChoice(ProfileKind.UNCONFINED, "");

    public ProfileChoice {
        localhostRef = localhostRef == null ? "" : localhostRef;
    }

    /** As the kubelet names profiles in the CRI: RuntimeDefault, Localhost, Unconfined. */
    String describe() {
        return switch (kind) {
            case RUNTIME_DEFAULT -> "RuntimeDefault";
            case UNCONFINED -> "Unconfined";
            case LOCALHOST -> "Localhost '" + localhostRef + "'";
        };
    }
}
