package dev.orca.seccomp.internal;

import dev.orca.spi.security.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Localhost profiles live: under one root (the kubelet's {@code --seccomp-profile-root},
 * {@code /var/lib/kubelet/seccomp}). The kubelet names a profile by its absolute path under the root; a relative
 * name is taken under the root too. A name with {@code ..}, or one that leads out of the root (also through a
 * symbolic link), is refused.
 */
final class LocalhostProfiles {

    private final Path root;

    LocalhostProfiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** @throws ProfileException when the name is empty, climbs, leaves the root, or names no file */
    Path locate(String ref) throws ProfileException {
        if (ref.isBlank()) {
            throw new ProfileException("Localhost seccomp profile: no profile path given");
        }
        for (Path part : Path.of(ref)) {
            if (part.toString().equals("..")) {
                throw new ProfileException("Localhost seccomp profile '" + ref + "': '..' is not allowed in a path");
            }
        }
        Path requested = Path.of(ref);
        Path file = (requested.isAbsolute() ? requested : root.resolve(requested)).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new ProfileException("Localhost seccomp profile '" + ref + "' is not under the profile root "
                    + root);
        }
        if (!Files.exists(file)) {
            throw new ProfileException("Localhost seccomp profile '" + ref + "': " + file + " does not exist");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new ProfileException("Localhost seccomp profile '" + ref + "' leads out of the profile root "
                        + root + " (to " + real + ")");
            }
            if (!Files.isRegularFile(real)) {
                throw new ProfileException("Localhost seccomp profile '" + ref + "': " + file + " is not a file");
            }
            return real;
        } catch (IOException e) {
            throw new ProfileException("Localhost seccomp profile '" + ref + "': " + e.getMessage(), e);
        }
    }
}
