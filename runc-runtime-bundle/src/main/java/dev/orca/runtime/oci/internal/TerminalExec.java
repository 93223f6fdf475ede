package dev.orca.runtime.oci.internal;

import dev.orca.os.ConsoleSocket;
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
 *
 * <p>With a console socket ({@link RuntimeCli#takesConsoleSocket}, crun): the runtime sends the master of the
 * container's own terminal, which this process then reads and writes directly; a resize sets its size, and the
 * kernel tells the command. The runtime's own messages go to a file beside the pid file.
 */
final class TerminalExec implements InteractiveProcess {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TerminalExec.class);
    private static final String STDIO_ON_TERMINAL = "exec <>\"$0\" >&0 2>&0; exec \"$@\"";
    private static final InputStream NOTHING = InputStream.nullInputStream();
    /** How long a runtime may take to send the terminal: about an exec's start. */
    private static final java.time.Duration TERMINAL_WAIT = java.time.Duration.ofSeconds(30);

    private final Process runtime;
    private final PseudoTerminal terminal;
    /** Null when the terminal is the container's own (sent to a console socket): nothing relays a resize. */
    private final Signals signals;
    private final ExecCleanup cleanup;
    /** The runtime's messages, with a console socket; else null (they go to the terminal). */
    private final Path runtimeMessages;

    private TerminalExec(Process runtime, PseudoTerminal terminal, Signals signals, ExecCleanup cleanup,
            Path runtimeMessages) {
        this.runtime = runtime;
        this.terminal = terminal;
        this.signals = signals;
        this.cleanup = cleanup;
        this.runtimeMessages = runtimeMessages;
    }

    static TerminalExec start(List<String> argv, Path pidFile, PseudoTerminal terminal, Signals signals)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", STDIO_ON_TERMINAL,
                terminal.slave().toString()));
        command.addAll(argv);
        Process runtime = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new TerminalExec(runtime, terminal, signals, new ExecCleanup(runtime, pidFile), null);
    }

    /**
     * Starts the runtime with {@code argv} (naming {@code socket}) and takes the terminal it sends; the socket is
     * closed either way (one terminal per exec). A runtime that ends or stalls before sending one is refused with
     * what it said.
     */
    static TerminalExec startWithConsoleSocket(List<String> argv, Path pidFile, ConsoleSocket socket)
            throws IOException {
        Path messages = pidFile.resolveSibling(pidFile.getFileName() + ".runtime.log");
        Process runtime = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(messages.toFile())).start();
        ExecCleanup cleanup = new ExecCleanup(runtime, pidFile);
        try (socket) {
            return new TerminalExec(runtime, socket.receive(TERMINAL_WAIT, runtime::isAlive), null, cleanup,
                    messages);
        } catch (IOException e) {
            cleanup.run();
            String said = OciContainers.readQuietly(messages);
            OciContainers.deleteQuietly(messages);
            throw new IOException(e.getMessage() + (said.isBlank() ? "" : ": " + SyncMessage.runtimeError(said)),
                    e);
        }
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
        if (signals != null && runtime.isAlive()) {
            signals.send(runtime.pid(), Signals.SIGWINCH);
        }
    }

    /** The command's exit code; the terminal is released then, so its output ends once drained. */
    @Override
    public int waitFor() throws InterruptedException {
        int code = runtime.waitFor();
        terminal.close();
        if (code != 0 && runtimeMessages != null) {
            String said = OciContainers.readQuietly(runtimeMessages);
            if (!said.isBlank()) {
                LOG.info("exec with a terminal ended with {}; the runtime said: {}", code,
                        SyncMessage.runtimeError(said));
            }
        }
        return code;
    }

    @Override
    public void close() {
        cleanup.run();
        terminal.close();
        if (runtimeMessages != null) {
            OciContainers.deleteQuietly(runtimeMessages);
        }
    }
}
