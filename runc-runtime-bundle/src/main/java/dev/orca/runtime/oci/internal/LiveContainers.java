package dev.orca.runtime.oci.internal;

import dev.orca.spi.ContainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers last seen running, with the handles of their process and monitor, so that asking again costs a
 * look for the exit file and two liveness checks (a handle knows its process's start time, so a reused PID is not
 * taken for it) instead of reading the container's files and the monitor's command line. The monitor is checked too:
 * once it is gone, the container's process has no parent to reap it (this host's PID 1 reaps late), and a zombie
 * still looks alive to a handle, so only the full look (the runtime's {@code state}) can tell its end. The core asks for every
 * running container's state several times a second to notice exits; with 200 containers, reading their files each
 * time was most of what an idle node did. What is kept is only a shortcut: it is dropped when anything differs, and
 * the full look at the files takes over.
 */
final class LiveContainers {

    /** A container seen running, its state as then, and where its exit would show. */
    record Seen(ContainerState state, ProcessHandle monitor, ProcessHandle process, Path exitFile) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** The state recorded when the container was seen running, while nothing says it has stopped since. */
    Optional<ContainerState> stillRunning(String id) {
        Seen s = seen.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (Files.exists(s.exitFile()) || !s.process().isAlive() || !s.monitor().isAlive()) {
            seen.remove(id, s);
            return Optional.empty();
        }
        return Optional.of(s.state());
    }

    /** The process of a container seen running, while nothing says it has stopped since. */
    Optional<ProcessHandle> process(String id) {
        Optional<ContainerState> running = stillRunning(id);
        Seen s = seen.get(id);
        return running.isPresent() && s != null ? Optional.of(s.process()) : Optional.empty();
    }

    void sawRunning(String id, Seen running) {
        seen.put(id, running);
    }

    void forget(String id) {
        seen.remove(id);
    }
}
