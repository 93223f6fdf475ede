package dev.orca.isolation.cgroups;

import dev.orca.spi.oci.OciResources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One cgroup, named by its path from the root of every hierarchy, the way runc's cgroupfs driver reads
 * {@code linux.cgroupsPath} ({@code /kubepods/burstable/pod<uid>}, a container's below it). On v1 it is one
 * directory per hierarchy, on v2 one directory of the tree.
 */
public final class Cgroup {

    private static final Duration POLL = Duration.ofMillis(20);

    private final CgroupLayout layout;
    private final CgroupFiles files;
    private final Signals signals;
    private final String path;
    private final List<String> segments;

    public Cgroup(CgroupLayout layout, CgroupFiles files, Signals signals, String path) {
        this.layout = layout;
        this.files = files;
        this.signals = signals;
        this.path = path;
        this.segments = segments(path);
    }

    /** A cgroup of this host, in its detected layout. */
    public static Cgroup onHost(String path) throws IOException {
        return new Cgroup(CgroupLayout.detect(), CgroupFiles.onHost(), Signals.onHost(), path);
    }

    public String path() {
        return path;
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** The cgroup's directory in the hierarchy of a controller; empty on v1 when it is not mounted. */
    public Optional<Path> directory(String controller) {
        return layout.hierarchy(controller).map(this::under);
    }

    /** The cgroup's directory in every hierarchy it is made in. */
    public List<Path> directories() {
        return layout.hierarchies().stream().map(this::under).toList();
    }

    /** Whether the cgroup's directory exists in any hierarchy. */
    public boolean exists() {
        return directories().stream().anyMatch(files::exists);
    }

    /** Makes the cgroup and its missing ancestors in every hierarchy; nothing for what exists already. */
    public void create() throws IOException {
        try {
            if (layout.isUnified()) {
                CgroupTree.create(files, layout.unifiedMount().orElseThrow(), segments);
                return;
            }
            Optional<Path> cpuset = layout.hierarchy("cpuset");
            for (Path hierarchy : layout.hierarchies()) {
                Path dir = hierarchy;
                for (String segment : segments) {
                    Path parent = dir;
                    dir = dir.resolve(segment);
                    files.createDirectory(dir);
                    if (cpuset.isPresent() && cpuset.get().equals(hierarchy)) {
                        inheritIfEmpty(parent, dir, "cpuset.cpus");
                        inheritIfEmpty(parent, dir, "cpuset.mems");
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException("creating cgroup " + path + " (" + layout + "): " + e.getMessage(), e);
        }
    }

    /** A v1 cpuset cgroup takes no process until it has cpus and mems: start from the parent's. */
    private void inheritIfEmpty(Path parent, Path dir, String file) throws IOException {
        if (files.read(dir.resolve(file)).isBlank()) {
            files.write(dir.resolve(file), files.read(parent.resolve(file)).strip());
        }
    }

    /**
     * Writes the limits. A write the kernel refuses is tried again after the others, because some depend on the
     * order (a memory limit above the current memory+swap limit, a quota below a new period).
     */
    public void apply(OciResources resources) throws IOException {
        List<CgroupSetting> settings;
        try {
            settings = layout.isUnified() ? CgroupSettings.v2(resources) : CgroupSettings.v1(resources);
        } catch (IllegalArgumentException e) {
            throw new IOException("cgroup " + path + ": " + e.getMessage(), e);
        }
        List<CgroupSetting> refused = new ArrayList<>();
        for (CgroupSetting setting : settings) {
            if (!write(setting)) {
                refused.add(setting);
            }
        }
        List<String> failures = new ArrayList<>();
        for (CgroupSetting setting : refused) {
            try {
                files.write(file(setting), setting.value());
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("cgroup " + path + ": " + String.join("; ", failures));
        }
    }

    private boolean write(CgroupSetting setting) throws IOException {
        Path file = file(setting);
        if (setting.optional() && !files.exists(file)) {
            return true;
        }
        try {
            files.write(file, setting.value());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path file(CgroupSetting setting) throws IOException {
        return directory(setting.controller())
                .orElseThrow(() -> new IOException("cgroup " + path + ": controller " + setting.controller()
                        + " is not mounted, needed for " + setting.file() + "=" + setting.value()))
                .resolve(setting.file());
    }

    /** CPU and memory used by the cgroup and its descendants. */
    public CgroupUsage usage() throws IOException {
        try {
            return CgroupStats.read(files, layout, this);
        } catch (IOException | RuntimeException e) {
            throw new IOException("reading usage of cgroup " + path + ": " + e.getMessage(), e);
        }
    }

    /** Moves a process into the cgroup, in every hierarchy. */
    public void addProcess(long pid) throws IOException {
        for (Path dir : directories()) {
            files.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    /** The processes in the cgroup and its descendants, in any hierarchy, in pid order. */
    public List<Long> pids() throws IOException {
        TreeSet<Long> pids = new TreeSet<>();
        for (Path dir : directories()) {
            collectPids(dir, pids);
        }
        return List.copyOf(pids);
    }

    private void collectPids(Path dir, TreeSet<Long> pids) throws IOException {
        if (!files.exists(dir)) {
            return;
        }
        for (String line : files.read(dir.resolve("cgroup.procs")).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        for (Path child : files.subdirectories(dir)) {
            collectPids(child, pids);
        }
    }

    /**
     * Kills every process in the cgroup and its descendants and waits until they are gone: through
     * {@code cgroup.kill} where the kernel has it, otherwise SIGKILL to each pid (frozen first on v1, so that
     * nothing forks in between), again while new ones show up.
     */
    public void killAll(Duration timeout) throws IOException {
        CgroupKiller.killAll(this, files, signals, timeout, POLL);
    }

    /** {@link #killAll(Duration)} waiting up to 10 seconds. */
    public void killAll() throws IOException {
        killAll(Duration.ofSeconds(10));
    }

    /**
     * Removes the cgroup and its descendants from every hierarchy, deepest first, retrying while processes drain;
     * ancestors stay. Nothing for what is gone already.
     */
    public void remove(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Path dir : directories()) {
            removeTree(dir, deadline);
        }
    }

    /** {@link #remove(Duration)} waiting up to 10 seconds. */
    public void remove() throws IOException {
        remove(Duration.ofSeconds(10));
    }

    private void removeTree(Path dir, long deadline) throws IOException {
        if (!files.exists(dir)) {
            return;
        }
        for (Path child : files.subdirectories(dir)) {
            removeTree(child, deadline);
        }
        while (true) {
            try {
                files.removeDirectory(dir);
                return;
            } catch (CgroupBusyException e) {
                if (System.nanoTime() > deadline) {
                    throw new CgroupBusyException("removing cgroup " + path + ": " + e.getMessage()
                            + " (pids " + pids() + ")");
                }
                pause(POLL);
            }
        }
    }

    Path under(Path hierarchy) {
        Path dir = hierarchy;
        for (String segment : segments) {
            dir = dir.resolve(segment);
        }
        return dir;
    }

    static void pause(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static List<String> segments(String path) {
        if (path == null || !path.startsWith("/") || path.equals("/")) {
            throw new IllegalArgumentException("cgroup path \"" + path + "\" is not an absolute path below the root");
        }
        List<String> segments = List.of(path.substring(1).split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("cgroup path \"" + path + "\" has an empty, . or .. part");
            }
        }
        return segments;
    }

    @Override
    public String toString() {
        return "cgroup " + path;
    }
}
