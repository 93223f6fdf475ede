package dev.orca.isolation.cgroups;

import java.io.IOException;

/** Killing processes by pid. */
@FunctionalInterface
public interface Signals {

    /** Sends SIGKILL to a process; nothing when it is gone already. */
    void kill(long pid) throws IOException;

    /** This host's, through {@link ProcessHandle}. */
    static Signals onHost() {
        return pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
