package dev.orca.e2e;

import dev.orca.testkit.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a node reboot takes from a stopped daemon's pods, done to one test daemon only: every process in a pod's pinned
 * namespaces and every conmon of its run root is killed, every mount under its run root and state root is unmounted
 * (pinned namespaces, {@code /dev/shm} tmpfs, overlay root filesystems), its pods' empty cgroups go, and the run root
 * is emptied. The state root's files stay, as a disk's do.
 */
final class NodeReboot {

    private NodeReboot() {
    }

    /** @param cgroupParent the test pods' cgroup parent, whose empty cgroups a reboot would not keep */
    static void of(Path runRoot, Path stateRoot, String cgroupParent) throws IOException, InterruptedException {
        Set<String> namespaces = pinnedNamespaces(runRoot);
        List<ProcessHandle> doomed = new ArrayList<>();
        for (Path pidFile : files(runRoot, "conmon.pid")) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(doomed::add);
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (inAny(proc, namespaces)) {
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(doomed::add);
                }
            }
        }
        doomed.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : doomed) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("process " + process.pid() + " did not end on SIGKILL", e);
            }
        }
        MountTable.unmountUnder(runRoot);
        MountTable.unmountUnder(stateRoot);
        removeEmptyCgroups(cgroupParent);
        run("sh", "-c", "rm -rf --one-file-system '" + runRoot + "'/*");
    }

    /** The inodes of the namespace files pinned under the run root, as {@code /proc/PID/ns/*} links name them. */
    private static Set<String> pinnedNamespaces(Path runRoot) throws IOException {
        Set<String> inodes = new HashSet<>();
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        for (String line : mountinfo.lines().toList()) {
            String[] fields = line.split(" ");
            String point = fields[4].replace("\\040", " ");
            if (point.startsWith(runRoot + "/") && line.contains(" - nsfs ")) {
                inodes.add(Files.getAttribute(Path.of(point), "unix:ino").toString());
            }
        }
        return inodes;
    }

    private static boolean inAny(Path proc, Set<String> inodes) {
        for (String type : List.of("net", "ipc", "uts", "pid", "pid_for_children")) {
            try {
                String link = Files.readSymbolicLink(proc.resolve("ns").resolve(type)).toString();
                if (inodes.contains(link.substring(link.indexOf('[') + 1, link.length() - 1))) {
                    return true;
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended, or is not readable: nothing of a pod
            }
        }
        return false;
    }

    private static List<Path> files(Path root, String name) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p)).toList();
        }
    }

    private static void removeEmptyCgroups(String parent) throws IOException {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path top = hierarchy.resolve(parent.substring(1));
                if (Files.isDirectory(top)) {
                    try (Stream<Path> tree = Files.walk(top)) {
                        for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder())
                                .filter(c -> !c.equals(top)).toList()) {
                            Files.delete(cgroup);
                        }
                    }
                }
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
