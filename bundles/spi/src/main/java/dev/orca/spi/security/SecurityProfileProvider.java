package dev.orca.spi.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns a container's profile request of one kind (seccomp or AppArmor) into the settings of its OCI spec.
 *
 * <p>Register with {@link #TYPE} set to {@link #SECCOMP} or {@link #APPARMOR}. When no provider of a kind is
 * deployed, the core refuses containers that ask for a confining profile of that kind rather than run them
 * unconfined.
 */
@ProviderType
public interface SecurityProfileProvider {

    /** Service property: the kind of profile, {@link #SECCOMP} or {@link #APPARMOR}. */
    String TYPE = "orca.profile.type";

    String SECCOMP = "seccomp";

    String APPARMOR = "apparmor";

    /** Whether this node can enforce profiles of this kind, and if not why (for Status and the shell). */
    ProfileSupport support();

    /**
     * The settings for one container.
     *
     * @throws ProfileException naming the profile and the cause, when it cannot be had (missing, malformed, refers to
     *     unknown syscalls, not loaded, this node cannot enforce it)
     */
    SecuritySettings resolve(ProfileRequest request) throws ProfileException;
}
