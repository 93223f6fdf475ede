package dev.orca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's containerd with its CRI plug-in, set up as a node would run it next to Orca: runc through the v2 shim with
 * cgroupfs, the overlayfs snapshotter, the same CNI plug-ins on a bridge of its own, registry.k8s.io and gcr.io
 * mirrored to the benchmark's registry over plain HTTP (which it also reaches by its own name, plain HTTP too), and
 * the critest pause image as its sandbox image. Socket,
 * root, state, runc root and network namespaces all live under the work folder.
 */
final class ComparedContainerd extends ComparedDaemon {

    static final String BINARY = "/usr/bin/containerd";
    static final String BRIDGE = "ctrdcmp0";
    /** Where the v2 shims put their sockets whatever the configuration says (and an empty runc folder). */
    private static final Path SHIM_DIR = Path.of("/run/containerd");

    private final boolean shimDirExisted = Files.exists(SHIM_DIR);

    ComparedContainerd(Path work, String registry) throws IOException {
        super("containerd", work);
        Path netConf = BenchNetwork.writeConfList(work, BRIDGE, "10.94.0.0/16");
        Files.writeString(work.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "registry.k8s.io/pause:3.6"
                  # root here lacks CAP_SYS_RESOURCE: an oom_score_adj below the daemon's own is refused
                  restrict_oom_score_adj = true
                  netns_mounts_under_state_dir = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "/usr/sbin/runc"
                        Root = "%1$s/runc"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = "%2$s"
                  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."registry.k8s.io"]
                    endpoint = ["http://%3$s"]
                  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."gcr.io"]
                    endpoint = ["http://%3$s"]
                  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."%3$s"]
                    endpoint = ["http://%3$s"]
                """.formatted(work, netConf, registry));
    }

    /** Installs Debian's containerd unless it is there; its service is not started (the benchmark starts its own). */
    static void install() throws IOException, InterruptedException {
        if (Files.isExecutable(Path.of(BINARY))) {
            return;
        }
        System.out.println("installing Debian's containerd (apt-get install -y containerd)");
        ProcessBuilder apt = new ProcessBuilder("apt-get", "install", "-y", "containerd").inheritIO();
        apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = apt.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("apt-get install -y containerd did not install " + BINARY);
        }
    }

    /** containerd's package version ({@code containerd --version} ends with it), for the report. */
    static String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
        String[] words = new String(process.getInputStream().readAllBytes()).trim().split(" ");
        process.waitFor();
        return "containerd " + words[words.length - 1];
    }

    @Override
    List<String> command() {
        return List.of(BINARY, "--config", work.resolve("config.toml").toString());
    }

    @Override
    Path socket() {
        return work.resolve("containerd.sock");
    }

    @Override
    Map<Path, String> runtimeRoots() {
        return Map.of(work.resolve("runc/k8s.io"), "/usr/sbin/runc");
    }

    @Override
    void removeOutsideWork() throws IOException, InterruptedException {
        BenchNetwork.remove(BRIDGE);
        // critest's pods have no cgroup parent: containerd puts them under /k8s.io
        LifecycleBench.removeCgroupParent("k8s.io");
        if (!shimDirExisted) {
            removeEmptyFolders(SHIM_DIR);
        }
    }

    /** Deletes {@code folder} if nothing but empty folders is in it; leaves it where a file or socket is left. */
    private static void removeEmptyFolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var tree = Files.walk(folder)) {
            List<Path> entries = tree.sorted(java.util.Comparator.reverseOrder()).toList();
            if (entries.stream().allMatch(Files::isDirectory)) {
                for (Path entry : entries) {
                    Files.delete(entry);
                }
            } else {
                System.err.println("containerd left files in " + folder + ": kept");
            }
        }
    }
}
