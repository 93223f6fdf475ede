package dev.orca.apparmor.internal;

import dev.orca.spi.security.ProfileException;
import dev.orca.spi.security.ProfileKind;
import dev.orca.spi.security.ProfileRequest;
import dev.orca.spi.security.ProfileSupport;
import dev.orca.spi.security.SecurityProfileProvider;
import dev.orca.spi.security.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AppArmor for containers. RuntimeDefault is Orca's profile, loaded with {@code apparmor_parser} the first time a
 * container needs it; Localhost a profile the node has loaded, by name; Unconfined none. On a kernel without
 * AppArmor, RuntimeDefault and Unconfined run without it (there is nothing to confine with) and Localhost, which
 * names a profile that cannot exist there, is refused.
 */
@Component(service = SecurityProfileProvider.class, immediate = true, configurationPid = AppArmorProfiles.PID,
        property = SecurityProfileProvider.TYPE + "=" + SecurityProfileProvider.APPARMOR)
@Designate(ocd = AppArmorConfiguration.class)
public final class AppArmorProfiles implements SecurityProfileProvider {

    static final String PID = "dev.orca.apparmor";
    static final String SHIPPED = "orca-default.profile";
    static final String UNCONFINED = "unconfined";
    private static final Logger LOG = LoggerFactory.getLogger(AppArmorProfiles.class);

    private final AppArmorHost host;
    private final String defaultName;
    private final String defaultFile;
    private final boolean privilegedUnconfined;
    private boolean defaultLoaded;

    @Activate
    public AppArmorProfiles(AppArmorConfiguration config) {
        this(new KernelAppArmor(config.parser()), config.default_profile_name(), config.default_profile_file(),
                config.privileged_unconfined());
        LOG.info("AppArmor profiles: {}", support().detail());
    }

    AppArmorProfiles(AppArmorHost host, String defaultName, String defaultFile, boolean privilegedUnconfined) {
        if (!defaultName.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("default.profile.name '" + defaultName + "' is not a profile name");
        }
        this.host = host;
        this.defaultName = defaultName;
        this.defaultFile = defaultFile;
        this.privilegedUnconfined = privilegedUnconfined;
    }

    @Override
    public ProfileSupport support() {
        return host.enabled() ? new ProfileSupport(true, "AppArmor is enabled; RuntimeDefault is '" + defaultName + "'")
                : new ProfileSupport(false, "the kernel has no AppArmor (" + KernelAppArmor.ENABLED
                        + " does not say Y): containers run without AppArmor profiles");
    }

    @Override
    public SecuritySettings resolve(ProfileRequest request) throws ProfileException {
        boolean enabled = host.enabled();
        if (request.kind() == ProfileKind.LOCALHOST) {
            return new SecuritySettings(null, localhost(request.localhostRef(), enabled));
        }
        if (!enabled) {
            return SecuritySettings.UNCONFINED;
        }
        if (request.kind() == ProfileKind.UNCONFINED || request.privileged() && privilegedUnconfined) {
            return new SecuritySettings(null, UNCONFINED);
        }
        ensureDefaultLoaded();
        return new SecuritySettings(null, defaultName);
    }

    private String localhost(String ref, boolean enabled) throws ProfileException {
        String name = ref.startsWith("localhost/") ? ref.substring("localhost/".length()) : ref;
        if (name.isBlank()) {
            throw new ProfileException("Localhost AppArmor profile: no profile name given");
        }
        if (!enabled) {
            throw new ProfileException("AppArmor profile '" + name + "' cannot be applied: this node's kernel has no"
                    + " AppArmor");
        }
        try {
            if (!host.loadedProfiles().contains(name)) {
                throw new ProfileException("AppArmor profile '" + name + "' is not loaded on this node (load it with"
                        + " apparmor_parser)");
            }
        } catch (IOException e) {
            throw new ProfileException("AppArmor profile '" + name + "': cannot list the loaded profiles: "
                    + e.getMessage(), e);
        }
        return name;
    }

    private synchronized void ensureDefaultLoaded() throws ProfileException {
        if (defaultLoaded) {
            return;
        }
        try {
            if (!host.loadedProfiles().contains(defaultName)) {
                host.load(defaultFile.isBlank() ? shippedPolicy() : Path.of(defaultFile));
                LOG.info("loaded the AppArmor profile '{}'", defaultName);
            }
            defaultLoaded = true;
        } catch (IOException e) {
            throw new ProfileException("AppArmor profile '" + defaultName + "' (RuntimeDefault) cannot be loaded: "
                    + e.getMessage(), e);
        }
    }

    /** The shipped policy with the configured name, in a temporary file for the parser. */
    private Path shippedPolicy() throws IOException {
        String text;
        try (InputStream in = AppArmorProfiles.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IOException("the bundle lacks " + SHIPPED);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@NAME@", defaultName);
        }
        Path file = Files.createTempFile("orca-apparmor-", ".profile");
        file.toFile().deleteOnExit();
        return Files.writeString(file, text);
    }
}
