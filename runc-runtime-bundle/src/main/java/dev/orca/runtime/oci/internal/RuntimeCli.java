package dev.orca.runtime.oci.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The command lines of an OCI CLI runtime (runc, crun, runsc all take the same ones). */
final class RuntimeCli {

    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]*|[0-9]{1,2}");

    private final RuntimeSettings settings;

    RuntimeCli(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** The runtime's binary. */
    Path runtimePath() {
        return settings.runtimePath();
    }

    /** Why this runtime cannot be run now; empty when it can. */
    Optional<String> missingRuntime() {
        return settings.missingRuntime();
    }

    /** What every call starts with; also what conmon passes before its own subcommand. */
    List<String> globalArgs() {
        List<String> args = new ArrayList<>();
        args.add("--root=" + settings.runtimeRoot());
        args.addAll(settings.runtimeArgs());
        return args;
    }

    List<String> state(String id) {
        return command("state", id);
    }

    List<String> start(String id) {
        return command("start", id);
    }

    List<String> kill(String id, String signal) {
        return command("kill", id, signalName(signal));
    }

    List<String> delete(String id) {
        return command("delete", "--force", id);
    }

    /** {@code runc update} reading the {@code linux.resources} JSON from stdin. */
    List<String> update(String id) {
        return command("update", "--resources", "-", id);
    }

    List<String> stats(String id) {
        return command("events", "--stats", id);
    }

    List<String> features() {
        return command("features");
    }

    /**
     * An exec of {@code processFile} (see {@link ExecProcessFile}); {@code pidFile} tells who to kill on timeout.
     * With a terminal process the runtime makes the command a terminal and relays it on its own stdio.
     */
    List<String> exec(String id, Path pidFile, Path processFile) {
        if (runsInSentry()) {
            return command("exec", "--process", processFile.toString(), "--pid-file", pidFile.toString(),
                    "--internal-pid-file", sentryPidFile(pidFile).toString(), id);
        }
        return command("exec", "--process", processFile.toString(), "--pid-file", pidFile.toString(), id);
    }

    /**
     * An exec of {@code processFile} with a terminal the runtime sends to {@code consoleSocket} (see
     * {@link #takesConsoleSocket}); the runtime stays until the command ends.
     */
    List<String> exec(String id, Path pidFile, Path processFile, Path consoleSocket) {
        return command("exec", "--process", processFile.toString(), "--pid-file", pidFile.toString(),
                "--console-socket", consoleSocket.toString(), id);
    }

    /**
     * Whether an exec with a terminal gets a console socket: crun. crun relays a terminal on its own stdio
     * unreliably (crun 1.8.1, 2026-12-06: of 12 {@code crun exec --tty CTR tty} under {@code script}, 4 printed the
     * output as one of crun's own error-log lines, in colour with a time stamp, and 6 put a NUL byte before or after
     * it); with a console socket it sends the terminal and stays in the foreground until the command ends, as conmon
     * has CRI-O's execs do. runc refuses a console socket without {@code --detach}, and relays its terminal well.
     */
    boolean takesConsoleSocket() {
        return settings.runtimePath().getFileName().toString().equals("crun");
    }

    /**
     * Whether this is gVisor's runsc: an exec's process runs in its Sentry, where no host signal reaches it (the
     * pid in {@code --pid-file} is runsc's own), so a timed-out exec is killed by {@link #killInSandbox}.
     */
    boolean runsInSentry() {
        return settings.runtimePath().getFileName().toString().equals("runsc");
    }

    /** Where runsc writes the pid an exec's process has in the sandbox. */
    static Path sentryPidFile(Path pidFile) {
        return pidFile.resolveSibling(pidFile.getFileName() + ".sandbox");
    }

    /** SIGKILL to the process with {@code pid} in the sandbox's PID namespace ({@code runsc kill --pid}). */
    List<String> killInSandbox(String id, long pid) {
        return command("kill", "--pid=" + pid, id, "KILL");
    }

    /**
     * A stop signal as the runtime takes it: {@code SIGTERM}, {@code TERM} or a number; empty means SIGTERM.
     *
     * @throws IllegalArgumentException for anything else
     */
    static String signalName(String signal) {
        if (signal == null || signal.isBlank()) {
            return "SIGTERM";
        }
        String s = signal.trim().toUpperCase(java.util.Locale.ROOT);
        if (!SIGNAL.matcher(s).matches()) {
            throw new IllegalArgumentException("\"" + signal + "\" is not a signal name or number");
        }
        return s;
    }

    private List<String> command(String... rest) {
        List<String> argv = new ArrayList<>();
        argv.add(settings.runtimePath().toString());
        argv.addAll(globalArgs());
        argv.addAll(List.of(rest));
        return argv;
    }
}
