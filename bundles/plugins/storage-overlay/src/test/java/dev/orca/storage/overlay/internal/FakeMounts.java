package dev.orca.storage.overlay.internal;

import dev.orca.os.Mounts;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A mount table in memory: mounts are recorded, nothing is mounted; a mount can be made to fail. */
final class FakeMounts implements Mounts {

    record Mount(String source, Path target, String fstype, long flags, String data) {
    }

    final List<Mount> mounted = new ArrayList<>();
    final List<Mount> history = new ArrayList<>();
    final List<Path> unmounted = new ArrayList<>();
    IOException nextMountFailure;
    boolean busyOnce;
    final List<Integer> unmountFlags = new ArrayList<>();
    /** How often the mount table was read. */
    int tableReads;

    @Override
    public synchronized void mount(String source, Path target, String fstype, long flags, String data)
            throws IOException {
        if (nextMountFailure != null) {
            IOException failure = nextMountFailure;
            nextMountFailure = null;
            throw failure;
        }
        Mount mount = new Mount(source, target.toAbsolutePath().normalize(), fstype, flags, data);
        mounted.add(mount);
        history.add(mount);
    }

    @Override
    public synchronized void unmount(Path target, int flags) throws IOException {
        Path normal = target.toAbsolutePath().normalize();
        unmountFlags.add(flags);
        if (busyOnce) {
            busyOnce = false;
            throw new SystemCallException("umount2(" + target + ")", SystemCallException.EBUSY,
                    "Device or resource busy");
        }
        for (int i = mounted.size() - 1; i >= 0; i--) {
            if (mounted.get(i).target().equals(normal)) {
                mounted.remove(i);
                unmounted.add(normal);
                return;
            }
        }
        throw new SystemCallException("umount2(" + target + ")", SystemCallException.EINVAL, "Invalid argument");
    }

    @Override
    public synchronized List<Path> mountPoints() {
        tableReads++;
        return mounted.stream().map(Mount::target).toList();
    }

    synchronized Mount last() {
        return history.get(history.size() - 1);
    }

    static List<Path> lowerDirs(Mount mount) {
        String data = mount.data();
        String lower = data.substring("lowerdir=".length(), data.indexOf(",upperdir="));
        List<Path> dirs = new ArrayList<>();
        for (String dir : lower.split(":")) {
            dirs.add(Path.of(dir));
        }
        return dirs;
    }
}
