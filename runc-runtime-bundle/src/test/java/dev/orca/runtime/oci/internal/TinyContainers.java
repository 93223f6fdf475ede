package dev.orca.runtime.oci.internal;

import dev.orca.spi.ContainerRequest;
import dev.orca.spi.ContainerState;
import dev.orca.spi.RuntimeHandler;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.oci.OciCapabilities;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciNamespace;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciRoot;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** A busybox root filesystem and specs for tests as root; removes its cgroups when closed. */
final class TinyContainers {

    static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    final Path rootfs;
    final String cgroupParent = "/orca-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> ids = new ArrayList<>();

    TinyContainers(Path dir) throws IOException {
        rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String tool : List.of("sh", "sleep", "echo", "cat", "yes", "head", "true")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
        }
        for (String d : List.of("proc", "dev", "sys", "tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
    }

    static boolean canRun() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runc"))
                && Files.isExecutable(Path.of("/usr/bin/conmon")) && Files.isRegularFile(Path.of("/bin/busybox"));
    }

    String newId() {
        String id = "c" + UUID.randomUUID().toString().replace("-", "");
        ids.add(id);
        return id;
    }

    String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    OciSpec spec(String id, Integer oomScoreAdj, String... args) {
        List<String> caps = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        OciProcess process = new OciProcess(false, new OciUser(0, 0, null, null), List.of(args),
                List.of("PATH=/bin"), "/", new OciCapabilities(caps, caps, null, caps, null), null, true,
                oomScoreAdj, null);
        List<OciMount> mounts = List.of(
                new OciMount("/proc", "proc", "proc", null),
                new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciMount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")),
                new OciMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777")),
                new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        List<OciNamespace> namespaces = List.of(new OciNamespace("pid", null), new OciNamespace("ipc", null),
                new OciNamespace("uts", null), new OciNamespace("mount", null), new OciNamespace("network", null));
        OciLinux linux = new OciLinux(namespaces, null, cgroupsPath(id), null, null, null, null, null, null);
        return new OciSpec(OciSpec.VERSION, process, new OciRoot(rootfs.toString(), true), "tiny", mounts, linux,
                null);
    }

    ContainerRequest request(String id, Path log, String... args) {
        return new ContainerRequest(id, "sandbox", spec(id, null, args), log, false, false, false);
    }

    static ContainerState await(RuntimeHandler handler, String id, Predicate<ContainerState> until,
            Duration timeout) throws RuntimeHandlerException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerState state = handler.containerState(id);
        while (!until.test(state) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = handler.containerState(id);
        }
        return state;
    }

    /** Removes every container it named and the test's cgroups, whatever state they are in. */
    void cleanUp(RuntimeHandler handler) throws IOException {
        for (String id : ids) {
            try {
                handler.removeContainer(id);
            } catch (RuntimeHandlerException e) {
                System.err.println("cleanup of " + id + ": " + e.getMessage());
            }
        }
        try (var controllers = Files.list(CGROUPS)) {
            for (Path controller : controllers.toList()) {
                Path parent = controller.resolve(cgroupParent.substring(1));
                for (String id : ids) {
                    Files.deleteIfExists(parent.resolve(id));
                }
                Files.deleteIfExists(parent);
            }
        }
    }
}
