package dev.orca.core.internal.spec;

import dev.orca.spi.oci.CapabilityNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capability sets: CRI-O's default set, with the CRI's add and drop lists (either may say {@code ALL}). "All" means
 * all that the runtime itself holds (its bounding set), not every capability the kernel knows: a runtime cannot
 * grant what it lacks, and runc refuses to try.
 */
final class Capabilities {

    /** CRI-O's default capabilities. */
    static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL");

    private final List<String> held;

    /** @param held the capabilities the runtime holds (its bounding set) */
    Capabilities(List<String> held) {
        this.held = List.copyOf(held);
    }

    /** The bounding set of this process, which the runtimes it starts inherit. */
    static Capabilities ofThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return new Capabilities(fromMask(Long.parseUnsignedLong(line.substring(7).strip(), 16)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: assume the kernel's full set
        }
        return new Capabilities(CapabilityNames.ALL);
    }

    static List<String> fromMask(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < CapabilityNames.ALL.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(CapabilityNames.ALL.get(bit));
            }
        }
        return names;
    }

    List<String> all() {
        return held;
    }

    /**
     * The container's capability set.
     *
     * @throws SpecException naming a capability that does not exist
     */
    List<String> forContainer(boolean privileged, List<String> add, List<String> drop) throws SpecException {
        if (privileged) {
            return held;
        }
        Set<String> result = new LinkedHashSet<>(DEFAULT);
        List<String> adding = normalize(add, "add");
        List<String> dropping = normalize(drop, "drop");
        if (adding.contains("ALL")) {
            result.addAll(held);
        } else {
            result.addAll(adding);
        }
        if (dropping.contains("ALL")) {
            result.clear();
            if (!adding.contains("ALL")) {
                result.addAll(adding);
            }
        } else {
            dropping.forEach(result::remove);
        }
        result.retainAll(held);
        return List.copyOf(result);
    }

    private static List<String> normalize(List<String> names, String list) throws SpecException {
        List<String> normalized = new ArrayList<>();
        for (String name : names) {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("ALL")) {
                normalized.add("ALL");
                continue;
            }
            String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            if (!CapabilityNames.ALL.contains(full)) {
                throw new SpecException("capability '" + name + "' in the " + list + " list does not exist");
            }
            normalized.add(full);
        }
        return normalized;
    }
}
