package dev.orca.runtime.vm.internal;

import dev.orca.os.FileTrees;
import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container needs from the host, bind-mounted into the pod's shared directory under {@code c-<id>/}: its root
 * filesystem (mounted by the core) as {@code rootfs}, and each bind mount's source as {@code m<N>}. Sources already
 * inside the shared directory (the pod's hosts, resolv.conf, hostname) are used where they are.
 */
final class SharedMounts {

    private final Mounts mounts;

    SharedMounts(Mounts mounts) {
        this.mounts = mounts;
    }

    /** The guest paths: the root, and each bind source's host path to its guest path. */
    record Shared(String rootfs, Map<String, String> sources) {
    }

    /** Makes the container's mounts; on failure undoes what it made. */
    Shared share(PodDirectory pod, String id, OciSpec spec) throws IOException {
        Path dir = pod.container(id);
        try {
            Files.createDirectories(dir);
            Path root = Path.of(spec.root().path());
            if (!Files.isDirectory(root)) {
                throw new IOException("its root filesystem " + root + " is not a directory");
            }
            Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
            mounts.mount(root.toString(), rootfs, null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
            Map<String, String> sources = new HashMap<>();
            int n = 0;
            for (OciMount mount : spec.mounts() == null ? List.<OciMount>of() : spec.mounts()) {
                List<String> options = mount.options() == null ? List.of() : mount.options();
                boolean bind = "bind".equals(mount.type()) || options.contains("bind") || options.contains("rbind");
                if (!bind || sources.containsKey(mount.source())) {
                    continue;
                }
                Path source = Path.of(mount.source()).toAbsolutePath().normalize();
                if (source.startsWith(pod.shared())) {
                    sources.put(mount.source(), pod.guestPath(source));
                    continue;
                }
                if (!Files.exists(source)) {
                    throw new IOException("bind mount source " + source + " (for " + mount.destination()
                            + ") does not exist");
                }
                Path target = dir.resolve("m" + n++);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createFile(target);
                }
                mounts.mount(source.toString(), target, null, MountFlags.MS_BIND | MountFlags.MS_REC, null);
                sources.put(mount.source(), pod.guestPath(target));
            }
            return new Shared(pod.guestPath(rootfs), sources);
        } catch (IOException | RuntimeException e) {
            try {
                unshare(pod, id);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Unmounts and deletes what {@link #share} made; nothing to do when it is gone. */
    void unshare(PodDirectory pod, String id) throws IOException {
        Path dir = pod.container(id);
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> mounted = new ArrayList<>(mounts.mountPointsUnder(dir));
        mounted.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : mounted) {
            mounts.unmount(point, MountFlags.MNT_DETACH);
        }
        FileTrees.delete(dir);
    }
}
