package dev.orca.e2e;

import dev.orca.testkit.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What pods and containers leave on the host, under one test's directory: mount points (root filesystems, pinned
 * namespaces, a pod's /dev/shm), processes whose command line names the directory (conmon, namespace holders), host
 * veths on the daemon's bridge, and cgroups below the tests' cgroup parent. Two snapshots differ by what was left
 * behind. Only the daemon's own bridge counts: other work on the machine may make and keep veths of its own.
 */
record NodeLeftovers(Set<String> mounts, Set<String> processes, Set<String> veths, Set<String> cgroups) {

    /** Takes a snapshot of what the daemon {@code orca} keeps under {@code dir}, its own process left out. */
    static NodeLeftovers under(Path dir, OrcaDaemon orca) throws IOException, InterruptedException {
        return new NodeLeftovers(new TreeSet<>(MountTable.pointsUnder(dir)), processesNaming(dir, orca.process().pid()),
                vethsOn(orca.network().bridge()), podCgroups());
    }

    /** What this snapshot holds that {@code before} did not, one line per thing; empty when nothing is left. */
    List<String> since(NodeLeftovers before) {
        List<String> left = new ArrayList<>();
        added("mount", before.mounts, mounts, left);
        added("process", before.processes, processes, left);
        added("veth", before.veths, veths, left);
        added("cgroup", before.cgroups, cgroups, left);
        return left;
    }

    private static void added(String kind, Set<String> before, Set<String> now, List<String> into) {
        now.stream().filter(x -> !before.contains(x)).forEach(x -> into.add(kind + " " + x));
    }

    private static Set<String> processesNaming(Path dir, long daemonPid) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                if (proc.getFileName().toString().equals(Long.toString(daemonPid))) {
                    continue;
                }
                try {
                    String command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    if (command.contains(dir.toString())) {
                        found.add(proc.getFileName() + " " + command);
                    }
                } catch (IOException gone) {
                    // the process ended while the list was read
                }
            }
        }
        return found;
    }

    private static Set<String> vethsOn(String bridge) throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "-o", "link", "show", "type", "veth", "master", bridge)
                .redirectErrorStream(true).start();
        String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor();
        Set<String> names = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] fields = line.split(": ");
            if (fields.length > 1) {
                names.add(fields[1].replaceAll("@.*", ""));
            }
        }
        return names;
    }

    private static Set<String> podCgroups() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path parent = hierarchy.resolve(CriPods.CGROUP_PARENT.substring(1));
                if (Files.isDirectory(parent)) {
                    try (Stream<Path> tree = Files.walk(parent)) {
                        tree.filter(Files::isDirectory).filter(p -> !p.equals(parent)).forEach(p -> found.add(
                                p.toString()));
                    }
                }
            }
        }
        return found;
    }
}
