package dev.orca.runtime.oci.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The command lines of an OCI CLI runtime (runc, crun, runsc all take the same ones). */
final class RuntimeCli {

    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]*|[0-9]{1,2}");

    private final RuntimeSettings settings;

    RuntimeCli(RuntimeSettings settings) {
        this.settings = settings;
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

    /** A plain {@code exec}: the container's env, user and cwd; {@code pidFile} tells who to kill on timeout. */
    List<String> exec(String id, Path pidFile, List<String> commandLine) {
        List<String> argv = command("exec", "--pid-file", pidFile.toString(), id);
        argv.addAll(commandLine);
        return argv;
    }

    /** An exec a client talks to: with {@code --tty}, runc makes the container a terminal and relays it. */
    List<String> execInteractive(String id, Path pidFile, boolean tty, List<String> commandLine) {
        List<String> argv = tty ? command("exec", "--tty", "--pid-file", pidFile.toString(), id)
                : command("exec", "--pid-file", pidFile.toString(), id);
        argv.addAll(commandLine);
        return argv;
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
