package dev.orca.storage.overlay.internal;

import dev.orca.os.MountFlags;
import dev.orca.os.Mounts;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount table in memory: mounts are recorded, nothing is mounted; a mount can be made to fail. As the kernel's
 * umount2, a plain unmount refuses (EBUSY) a point with mounts below it or one marked busy, and a detaching one takes
 * the point's topmost mount with everything below it.
 */
final class FakeMounts implements Mounts {

    record Mount(String source, Path target, String fstype, long flags, String data) {
    }

    final List<Mount> mounted = new ArrayList<>();
    final List<Mount> history = new ArrayList<>();
    final List<Path> unmounted = new ArrayList<>();
    IOException nextMountFailure;
    /** Points in use (a process there): a plain unmount gets EBUSY until one detaches them. */
    final java.util.Set<Path> busy = new java.util.HashSet<>();
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
        int top = -1;
        for (int i = mounted.size() - 1; i >= 0 && top < 0; i--) {
            if (mounted.get(i).target().equals(normal)) {
                top = i;
            }
        }
        if (top < 0) {
            throw new SystemCallException("umount2(" + target + ")", SystemCallException.EINVAL, "Invalid argument");
        }
        boolean below = mounted.stream().anyMatch(m -> m.target().startsWith(normal) && !m.target().equals(normal));
        if ((flags & MountFlags.MNT_DETACH) == 0 && (below || busy.contains(normal))) {
            throw new SystemCallException("umount2(" + target + ")", SystemCallException.EBUSY,
                    "Device or resource busy");
        }
        mounted.remove(top);
        unmounted.add(normal);
        if ((flags & MountFlags.MNT_DETACH) != 0) {
            busy.remove(normal);
            mounted.removeIf(m -> m.target().startsWith(normal) && !m.target().equals(normal));
        }
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
