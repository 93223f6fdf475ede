package dev.orca.core.internal.spec;

import dev.orca.spi.oci.OciMount;
import java.util.ArrayList;
import java.util.List;

/** The file systems every container gets, as runc's and CRI-O's defaults lay them out. */
final class DefaultMounts {

    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private DefaultMounts() {
    }

    static List<OciMount> of(boolean privileged, String shmSource) {
        List<OciMount> mounts = new ArrayList<>();
        mounts.add(new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new OciMount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new OciMount("/sys", "sysfs", "sysfs",
                List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")));
        mounts.add(new OciMount("/sys/fs/cgroup", "cgroup", "cgroup",
                List.of("nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro")));
        if (shmSource != null) {
            mounts.add(new OciMount("/dev/shm", "bind", shmSource, List.of("rbind", "rw")));
        } else {
            mounts.add(new OciMount("/dev/shm", "tmpfs", "shm",
                    List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        }
        return mounts;
    }
}
