package dev.orca.seccomp.internal;

import dev.orca.spi.security.ProfileException;
import dev.orca.spi.security.ProfileKind;
import dev.orca.spi.security.ProfileRequest;
import dev.orca.spi.security.ProfileSupport;
import dev.orca.spi.security.SecurityProfileProvider;
import dev.orca.spi.security.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seccomp for containers: RuntimeDefault is Orca's own profile (or the configured replacement, or the container's
 * handler's own default), Localhost a profile file under the configured root, Unconfined none. Every profile is
 * checked when loaded; the default ones at activation, so that a bad configuration never registers a provider.
 */
@Component(service = SecurityProfileProvider.class, immediate = true, configurationPid = SeccompProfiles.PID,
        property = SecurityProfileProvider.TYPE + "=" + SecurityProfileProvider.SECCOMP)
@Designate(ocd = SeccompConfiguration.class)
public final class SeccompProfiles implements SecurityProfileProvider {

    static final String PID = "dev.orca.seccomp";
    static final String SHIPPED = "runtime-default.json";
    private static final Logger LOG = LoggerFactory.getLogger(SeccompProfiles.class);

    private final SyscallTable table;
    private final ProfileReader reader = new ProfileReader();
    private final ProfileChecker checker;
    private final ProfileCompiler compiler;
    private final LocalhostProfiles localhost;
    private final SeccompProfile runtimeDefault;
    private final Map<String, SeccompProfile> handlerDefaults = new LinkedHashMap<>();
    private final boolean privilegedUnconfined;

    @Activate
    public SeccompProfiles(SeccompConfiguration config) throws ProfileException {
        this(LibseccompTable.load(), NodePlatform.ofThisNode(), config.default_profile(),
                new LocalhostProfiles(Path.of(config.localhost_root()), config.localhost_restricted()),
                config.handler_profiles(), config.privileged_unconfined());
        LOG.info("seccomp profiles ready ({}): RuntimeDefault from {}, Localhost profiles {}{}", table.describe(),
                config.default_profile().isBlank() ? "the bundle" : config.default_profile(), localhost.describe(),
                handlerDefaults.isEmpty() ? "" : ", handler defaults for " + handlerDefaults.keySet());
    }

    SeccompProfiles(SyscallTable table, NodePlatform node, String defaultProfile, LocalhostProfiles localhost,
            String[] handlerProfiles, boolean privilegedUnconfined) throws ProfileException {
        this.table = table;
        this.checker = new ProfileChecker(table);
        this.compiler = new ProfileCompiler(node);
        this.localhost = localhost;
        this.privilegedUnconfined = privilegedUnconfined;
        this.runtimeDefault = defaultProfile.isBlank() ? shipped() : load(Path.of(defaultProfile));
        for (String entry : handlerProfiles) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ProfileException("handler.profiles entry '" + entry + "' is not HANDLER=PROFILE-FILE");
            }
            handlerDefaults.put(entry.substring(0, eq).strip(), load(Path.of(entry.substring(eq + 1).strip())));
        }
    }

    private SeccompProfile shipped() throws ProfileException {
        try (InputStream in = SeccompProfiles.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the bundle lacks " + SHIPPED));
            }
            SeccompProfile profile = reader.read(in, "(shipped) " + SHIPPED);
            checker.check(profile, "(shipped) " + SHIPPED);
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SeccompProfile load(Path file) throws ProfileException {
        SeccompProfile profile = reader.read(file);
        checker.check(profile, file.toString());
        return profile;
    }

    @Override
    public ProfileSupport support() {
        boolean kernel;
        try {
            kernel = Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.startsWith("Seccomp:"));
        } catch (IOException e) {
            kernel = false;
        }
        return new ProfileSupport(kernel, kernel ? table.describe() : "the kernel has no seccomp");
    }

    @Override
    public SecuritySettings resolve(ProfileRequest request) throws ProfileException {
        if (request.kind() == ProfileKind.UNCONFINED || request.privileged() && privilegedUnconfined) {
            return SecuritySettings.UNCONFINED;
        }
        SeccompProfile profile = request.kind() == ProfileKind.RUNTIME_DEFAULT
                ? handlerDefaults.getOrDefault(request.handler(), runtimeDefault)
                : load(localhost.locate(request.localhostRef()));
        return new SecuritySettings(compiler.compile(profile, request.capabilities()), null);
    }
}
