package dev.orca.runtime.oci.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a container's files are: its bundle {@code <runRoot>/containers/<id>/} (config.json, times, pid files,
 * conmon's control fifo and its oom marker) and conmon's exit file {@code <runRoot>/exits/<id>}; a removed
 * container's bundle waits in {@code <runRoot>/deleting/} to be deleted.
 */
final class ContainerLayout {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path runRoot;

    ContainerLayout(Path runRoot) {
        this.runRoot = runRoot;
    }

    /** Whether {@code id} can name a directory here (the core's IDs are 64 hex digits). */
    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    Path containers() {
        return runRoot.resolve("containers");
    }

    Path exits() {
        return runRoot.resolve("exits");
    }

    Path sockets() {
        return runRoot.resolve("sockets");
    }

    /** Where removed bundles wait to be deleted ({@link BundleTrash}). */
    Path trash() {
        return runRoot.resolve("deleting");
    }

    Path bundle(String id) {
        return containers().resolve(id);
    }

    Path config(String id) {
        return bundle(id).resolve("config.json");
    }

    Path times(String id) {
        return bundle(id).resolve("times.json");
    }

    Path containerPidFile(String id) {
        return bundle(id).resolve("pidfile");
    }

    Path monitorPidFile(String id) {
        return bundle(id).resolve("conmon.pid");
    }

    /** When conmon started, in clock ticks since boot: a process given its pid after it ended is not taken for it. */
    Path monitorStartFile(String id) {
        return bundle(id).resolve("conmon.started");
    }

    /** conmon's own stderr: its errors, for when the sync pipe says nothing. */
    Path monitorLog(String id) {
        return bundle(id).resolve("conmon.log");
    }

    /** conmon's control fifo (it makes it in the bundle). */
    Path controlFifo(String id) {
        return bundle(id).resolve("ctl");
    }

    /** conmon writes this into its persist directory (the bundle) when the container was OOM-killed. */
    Path oomMarker(String id) {
        return bundle(id).resolve("oom");
    }

    /** Orca's note that the container ended while its conmon was gone (see {@link ExitRecord#monitorLost}). */
    Path endWithoutMonitor(String id) {
        return bundle(id).resolve("ended-without-monitor");
    }

    /** Orca's note that the runtime's own record and cgroup of the ended container are deleted already. */
    Path runtimeDeleted(String id) {
        return bundle(id).resolve("runtime-deleted");
    }

    Path exitFile(String id) {
        return exits().resolve(id);
    }

    Path execPidFile(String id, long sequence) {
        return bundle(id).resolve("exec-" + sequence + ".pid");
    }
}
