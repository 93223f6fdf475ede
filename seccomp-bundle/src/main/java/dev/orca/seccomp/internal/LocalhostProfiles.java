package dev.orca.seccomp.internal;

import dev.orca.spi.security.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Localhost profiles are found. The kubelet resolves a pod's {@code localhostProfile} against its own seccomp
 * root (configurable on the kubelet) and sends an absolute path, which is loaded wherever it is, as containerd and
 * CRI-O do; a relative name is taken under this node's profile root ({@code /var/lib/kubelet/seccomp}) and may not
 * climb out of it. A node that wants every profile under the root turns {@code restricted} on: then an absolute path
 * elsewhere, or one that leads out of the root through a symbolic link, is refused.
 */
final class LocalhostProfiles {

    private final Path root;
    private final boolean restricted;

    LocalhostProfiles(Path root, boolean restricted) {
        this.root = root.toAbsolutePath().normalize();
        this.restricted = restricted;
    }

    Path root() {
        return root;
    }

    String describe() {
        return restricted ? "only under " + root : "absolute paths, or relative to " + root;
    }

    /** @throws ProfileException when the name is empty, climbs, leaves a restricted root, or names no file */
    Path locate(String ref) throws ProfileException {
        if (ref.isBlank()) {
            throw new ProfileException("Localhost seccomp profile: no profile path given");
        }
        Path requested = Path.of(ref);
        boolean underRoot = restricted || !requested.isAbsolute();
        if (underRoot) {
            for (Path part : requested) {
                if (part.toString().equals("..")) {
                    throw new ProfileException("Localhost seccomp profile '" + ref
                            + "': '..' is not allowed in a path");
                }
            }
        }
        Path file = (requested.isAbsolute() ? requested : root.resolve(requested)).normalize();
        if (underRoot && (!file.startsWith(root) || file.equals(root))) {
            throw new ProfileException("Localhost seccomp profile '" + ref + "' is not under the profile root "
                    + root + " (this node takes Localhost profiles from there only)");
        }
        if (!Files.exists(file)) {
            throw new ProfileException("Localhost seccomp profile '" + ref + "': " + file + " does not exist");
        }
        try {
            Path real = file.toRealPath();
            if (underRoot && !real.startsWith(root.toRealPath())) {
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
