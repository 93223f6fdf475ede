package dev.orca.runtime.oci.internal;

import dev.orca.os.PseudoTerminal;
import dev.orca.os.Signals;
import dev.orca.spi.InteractiveProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runc exec --tty}: runc makes the container's terminal and relays it to its own stdio, which must be a
 * terminal (runc sets it raw). That is a pseudo-terminal this process holds the master of; a shell opens the slave
 * as runc's stdio (so it never becomes this process's controlling terminal). A resize sets the master's size and
 * sends runc SIGWINCH, on which runc copies the size into the container's terminal.
 */
final class TerminalExec implements InteractiveProcess {

    private static final String STDIO_ON_TERMINAL = "exec <>\"$0\" >&0 2>&0; exec \"$@\"";
    private static final InputStream NOTHING = InputStream.nullInputStream();

    private final Process runtime;
    private final PseudoTerminal terminal;
    private final Signals signals;
    private final ExecCleanup cleanup;

    private TerminalExec(Process runtime, PseudoTerminal terminal, Signals signals, ExecCleanup cleanup) {
        this.runtime = runtime;
        this.terminal = terminal;
        this.signals = signals;
        this.cleanup = cleanup;
    }

    static TerminalExec start(List<String> argv, Path pidFile, PseudoTerminal terminal, Signals signals)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", STDIO_ON_TERMINAL,
                terminal.slave().toString()));
        command.addAll(argv);
        Process runtime = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new TerminalExec(runtime, terminal, signals, new ExecCleanup(runtime, pidFile));
    }

    @Override
    public OutputStream stdin() {
        return terminal.input();
    }

    @Override
    public InputStream stdout() {
        return terminal.output();
    }

    @Override
    public InputStream stderr() {
        return NOTHING;
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        terminal.resize(columns, rows);
        if (runtime.isAlive()) {
            signals.send(runtime.pid(), Signals.SIGWINCH);
        }
    }

    /** The command's exit code; the terminal is released then, so its output ends once drained. */
    @Override
    public int waitFor() throws InterruptedException {
        int code = runtime.waitFor();
        terminal.close();
        return code;
    }

    @Override
    public void close() {
        cleanup.run();
        terminal.close();
    }
}
