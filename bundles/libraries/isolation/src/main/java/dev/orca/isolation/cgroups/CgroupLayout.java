package dev.orca.isolation.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the cgroup hierarchies are mounted: v2 ({@code /sys/fs/cgroup} is one cgroup2 tree) or v1 (one hierarchy per
 * controller or group of co-mounted controllers, possibly with a cgroup2 {@code unified} mount beside them, the
 * hybrid layout).
 */
public final class CgroupLayout {

    public static final Path ROOT = Path.of("/sys/fs/cgroup");

    /**
     * The v1 hierarchies a pod cgroup is made in, when they are mounted; as runc's cgroupfs driver uses them. The
     * named {@code systemd} hierarchy has no controller, but runc makes container cgroups in it too, so a pod's
     * cgroup must be made and removed there as well.
     */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "pids", "devices",
            "freezer", "blkio", "hugetlb", "name=systemd");

    private final boolean unified;
    private final Map<String, Path> controllers;
    private final Path unifiedMount;

    private CgroupLayout(boolean unified, Map<String, Path> controllers, Path unifiedMount) {
        this.unified = unified;
        this.controllers = Map.copyOf(controllers);
        this.unifiedMount = unifiedMount;
    }

    /** A v2 layout with its tree at {@code root}. */
    public static CgroupLayout v2(Path root) {
        return new CgroupLayout(true, Map.of(), root);
    }

    /** A v1 layout: the mount of each controller, and the cgroup2 mount beside them (null when there is none). */
    public static CgroupLayout v1(Map<String, Path> controllers, Path unifiedMount) {
        return new CgroupLayout(false, controllers, unifiedMount);
    }

    /** This host's layout, from the calling process's mount table. */
    public static CgroupLayout detect() throws IOException {
        return detect(CgroupFiles.onHost().mountinfo());
    }

    /** The layout that a mount table ({@code /proc/self/mountinfo} text) shows. */
    public static CgroupLayout detect(String mountinfo) throws IOException {
        Map<String, Path> controllers = new LinkedHashMap<>();
        Path cgroup2 = null;
        for (String line : mountinfo.split("\n")) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] fields = line.substring(0, separator).split(" ");
            String[] fs = line.substring(separator + 3).split(" ");
            if (fields.length < 5 || fs.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(fields[4]);
            if (fs[0].equals("cgroup2")) {
                if (mountPoint.equals(ROOT)) {
                    return v2(ROOT);
                }
                if (cgroup2 == null || mountPoint.startsWith(ROOT)) {
                    cgroup2 = mountPoint;
                }
            } else if (fs[0].equals("cgroup")) {
                for (String option : fs[2].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        controllers.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        if (controllers.isEmpty()) {
            if (cgroup2 != null) {
                return v2(cgroup2);
            }
            throw new IOException("no cgroup hierarchy is mounted (neither cgroup nor cgroup2 in mountinfo)");
        }
        return v1(controllers, cgroup2);
    }

    /** Whether this is the v2 layout: one tree, every controller in it. */
    public boolean isUnified() {
        return unified;
    }

    /** v1: each mounted controller's hierarchy; empty on v2. */
    public Map<String, Path> controllers() {
        return controllers;
    }

    /** v1: the mount of one controller's hierarchy; v2: the tree. */
    public Optional<Path> hierarchy(String controller) {
        return unified ? Optional.of(unifiedMount) : Optional.ofNullable(controllers.get(controller));
    }

    /** The cgroup2 mount: the whole tree on v2, the {@code unified} one of a hybrid v1 host; empty otherwise. */
    public Optional<Path> unifiedMount() {
        return Optional.ofNullable(unifiedMount);
    }

    /** Every distinct hierarchy a cgroup is made in: co-mounted controllers share one; hybrid's cgroup2 too. */
    public Set<Path> hierarchies() {
        Set<Path> all = new LinkedHashSet<>(controllers.values());
        if (unifiedMount != null) {
            all.add(unifiedMount);
        }
        return all;
    }

    @Override
    public String toString() {
        return unified ? "cgroup v2 at " + unifiedMount
                : "cgroup v1 " + controllers + (unifiedMount == null ? "" : " with cgroup2 at " + unifiedMount);
    }
}
