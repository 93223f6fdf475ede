package dev.orca.core.internal.spec;

import dev.orca.spi.security.ProfileException;
import dev.orca.spi.security.ProfileKind;
import dev.orca.spi.security.ProfileRequest;
import dev.orca.spi.security.SecurityProfileProvider;
import dev.orca.spi.security.SecuritySettings;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A container's seccomp and AppArmor settings, from the deployed providers. A confining profile (RuntimeDefault or
 * Localhost) with no provider of its type deployed is refused, naming the bundle to install: a container never runs
 * unconfined because a bundle is missing. Unconfined needs no seccomp provider; the AppArmor provider is still asked
 * when deployed, since with AppArmor on "unconfined" must be said explicitly.
 */
final class SecurityProfiles {

    private final ProfileProviders providers;

    SecurityProfiles(ProfileProviders providers) {
        this.providers = providers;
    }

    /** The settings of both kinds; the seccomp filter from the seccomp provider, the AppArmor name from its own. */
    SecuritySettings resolve(ProfileChoice seccomp, ProfileChoice apparmor, String handler, boolean privileged,
            List<String> capabilities) throws SpecException {
        SecuritySettings filter = resolve(SecurityProfileProvider.SECCOMP, seccomp, handler, privileged, capabilities);
        SecuritySettings confinement = resolve(SecurityProfileProvider.APPARMOR, apparmor, handler, privileged,
                capabilities);
        return new SecuritySettings(filter.seccomp(), confinement.apparmorProfile());
    }

    private SecuritySettings resolve(String type, ProfileChoice choice, String handler, boolean privileged,
            List<String> capabilities) throws SpecException {
        boolean confining = choice.kind() != ProfileKind.UNCONFINED;
        if (!confining && type.equals(SecurityProfileProvider.SECCOMP)) {
            return SecuritySettings.UNCONFINED;
        }
        Optional<SecurityProfileProvider> provider = confining ? providers.await(type) : providers.now(type);
        if (provider.isEmpty()) {
            if (!confining) {
                return SecuritySettings.UNCONFINED;
            }
            throw new SpecException(type + " profile " + choice.describe() + " cannot be applied: no " + type
                    + " profile provider is deployed (install the " + bundleOf(type)
                    + " bundle, feature 'security')", SpecException.Cause.NODE);
        }
        try {
            return provider.get().resolve(new ProfileRequest(choice.kind(), choice.localhostRef(), handler,
                    privileged, Set.copyOf(capabilities)));
        } catch (ProfileException e) {
            boolean nodeCannot = !provider.get().support().enabled();
            throw new SpecException(e.getMessage(), nodeCannot ? SpecException.Cause.NODE
                    : SpecException.Cause.REQUEST);
        } catch (RuntimeException e) {
            throw new SpecException(type + " profile " + choice.describe() + ": the provider failed: " + e,
                    SpecException.Cause.NODE);
        }
    }

    /** The bundle that provides each type. */
    private static String bundleOf(String type) {
        return type.equals(SecurityProfileProvider.SECCOMP) ? "orca-seccomp (dev.orca.seccomp)"
                : "orca-apparmor (dev.orca.apparmor)";
    }
}
