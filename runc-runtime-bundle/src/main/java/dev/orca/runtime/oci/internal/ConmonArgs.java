package dev.orca.runtime.oci.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * conmon's command line for one container, shaped like CRI-O's: API version 1 (answers on {@code _OCI_SYNCPIPE}),
 * the bundle as persist directory (control fifo, oom marker), exit files in the handler's exit directory, the CRI
 * log written by conmon itself ({@code k8s-file}).
 *
 * <p>{@code --sync}: conmon forks once and stays the child of the process that started it, so this JVM reaps it when
 * the container ends (this machine's init reaps orphans late) and the sync pipe is read from a live child. After an
 * Orca restart the conmons of running containers are re-parented to init like CRI-O's double-forked ones.
 */
final class ConmonArgs {

    private final RuntimeSettings settings;
    private final RuntimeCli cli;
    private final ContainerLayout layout;

    ConmonArgs(RuntimeSettings settings, RuntimeCli cli, ContainerLayout layout) {
        this.settings = settings;
        this.cli = cli;
        this.layout = layout;
    }

    /** @param logPath the CRI log file, or null for none */
    List<String> create(String id, Path logPath, boolean stdin, boolean stdinOnce, boolean tty) {
        List<String> argv = new ArrayList<>(List.of(settings.monitorPath().toString(),
                "--api-version", "1", "--sync",
                "-c", id, "-u", id, "-n", id,
                "-r", settings.runtimePath().toString(),
                "-b", layout.bundle(id).toString(),
                "-p", layout.containerPidFile(id).toString(),
                "--exit-dir", layout.exits().toString(),
                "--persist-dir", layout.bundle(id).toString(),
                "--socket-dir-path", layout.sockets().toString(),
                "-l", logPath == null ? "none:" : "k8s-file:" + logPath,
                "--log-level", "info"));
        for (String arg : cli.globalArgs()) {
            argv.add("--runtime-arg");
            argv.add(arg);
        }
        if (stdin) {
            argv.add("-i");
            if (!stdinOnce) {
                argv.add("--leave-stdin-open");
            }
        }
        if (tty) {
            argv.add("-t");
        }
        return argv;
    }
}
