package dev.orca.isolation.cgroups;

import dev.orca.os.Waiting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Kills every process of a cgroup tree and waits until none is left. */
final class CgroupKiller {

    private CgroupKiller() {
    }

    static void killAll(Cgroup cgroup, CgroupFiles files, Signals signals, Duration timeout, Duration poll)
            throws IOException {
        Optional<Path> kill = cgroup.layout().isUnified()
                ? Optional.of(cgroup.under(cgroup.layout().unifiedMount().orElseThrow()).resolve("cgroup.kill"))
                        .filter(files::exists)
                : Optional.empty();
        Optional<Path> freezer = cgroup.layout().isUnified() ? Optional.empty()
                : cgroup.directory("freezer").map(d -> d.resolve("freezer.state")).filter(files::exists);
        AtomicReference<List<Long>> left = new AtomicReference<>();
        boolean gone;
        try {
            gone = Waiting.until(() -> {
                List<Long> pids = cgroup.pids();
                left.set(pids);
                if (pids.isEmpty()) {
                    return true;
                }
                if (kill.isPresent()) {
                    files.write(kill.get(), "1");
                } else {
                    signalAll(pids, files, signals, freezer);
                }
                return false;
            }, timeout, poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!gone) {
            throw new IOException("killing the processes of " + cgroup + ": still there after " + timeout + ": "
                    + left.get());
        }
    }

    /** Frozen, the processes cannot fork between the listing and the signals; thawed, they take SIGKILL. */
    private static void signalAll(List<Long> pids, CgroupFiles files, Signals signals, Optional<Path> freezer)
            throws IOException {
        if (freezer.isPresent()) {
            files.write(freezer.get(), "FROZEN");
        }
        try {
            for (long pid : pids) {
                signals.kill(pid);
            }
        } finally {
            if (freezer.isPresent()) {
                files.write(freezer.get(), "THAWED");
            }
        }
    }
}
