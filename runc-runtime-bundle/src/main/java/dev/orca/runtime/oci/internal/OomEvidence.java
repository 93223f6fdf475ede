package dev.orca.runtime.oci.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the kernel OOM-killed a container: conmon's {@code oom} marker in the bundle, or an {@code oom_kill}
 * count in the container's memory cgroup (v1 {@code memory.oom_control}, v2 {@code memory.events}) while it exists.
 */
final class OomEvidence {

    private final Path cgroupRoot;

    /** @param cgroupRoot {@code /sys/fs/cgroup} */
    OomEvidence(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    /** @param cgroupsPath the spec's {@code linux.cgroupsPath} (cgroupfs form), or null */
    boolean seen(Path oomMarker, String cgroupsPath) {
        if (Files.exists(oomMarker)) {
            return true;
        }
        if (cgroupsPath == null || cgroupsPath.isBlank() || cgroupsPath.contains(":")) {
            return false; // systemd-style paths are not resolved here
        }
        String relative = cgroupsPath.replaceFirst("^/+", "");
        if (relative.isEmpty() || Path.of(relative).normalize().startsWith("..")) {
            return false;
        }
        return oomKills(cgroupRoot.resolve("memory").resolve(relative).resolve("memory.oom_control"))
                || oomKills(cgroupRoot.resolve(relative).resolve("memory.events"))
                || oomKills(cgroupRoot.resolve("unified").resolve(relative).resolve("memory.events"));
    }

    private static boolean oomKills(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            return Files.readAllLines(file).stream()
                    .map(l -> l.split("\\s+"))
                    .anyMatch(f -> f.length == 2 && f[0].equals("oom_kill") && !f[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
