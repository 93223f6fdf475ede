package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED_PRECONDITION;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;

import dev.orca.os.ConsoleSocket;
import dev.orca.os.NetworkNamespaces;
import dev.orca.os.PseudoTerminal;
import dev.orca.os.SeqPacketSockets;
import dev.orca.os.Signals;
import dev.orca.os.Terminals;
import dev.orca.spi.ContainerState;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.InteractiveProcess;
import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handler's streams for kubectl exec, attach and port-forward: interactive {@code runc exec} (with a terminal or
 * pipes), conmon's attach socket, and connections into a pod's pinned network namespace.
 */
final class ContainerStreams {

    private final OciContainers containers;
    private final OciSandboxes sandboxes;
    private final Terminals terminals;
    private final Signals signals;
    private final SeqPacketSockets sockets;
    private final NetworkNamespaces namespaces;
    private final AtomicLong sequence = new AtomicLong();

    ContainerStreams(OciContainers containers, OciSandboxes sandboxes, Terminals terminals, Signals signals,
            SeqPacketSockets sockets, NetworkNamespaces namespaces) {
        this.containers = containers;
        this.sandboxes = sandboxes;
        this.terminals = terminals;
        this.signals = signals;
        this.sockets = sockets;
        this.namespaces = namespaces;
    }

    InteractiveProcess exec(String id, List<String> command, boolean tty) throws RuntimeHandlerException {
        if (command == null || command.isEmpty()) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": exec without a command");
        }
        requireRunning(id, "exec " + command);
        RuntimeCli cli = containers.runnableCli(id);
        Path pidFile = containers.layout().bundle(id).resolve("exec-stream-" + sequence.incrementAndGet() + ".pid");
        try {
            Path processFile = ExecProcessFile.write(containers.layout().config(id), ExecProcessFile.beside(pidFile),
                    command, tty);
            if (!tty) {
                return PipedExec.start(cli.exec(id, pidFile, processFile), pidFile);
            }
            if (cli.takesConsoleSocket()) {
                Path socketPath = pidFile.resolveSibling(pidFile.getFileName() + ".console");
                ConsoleSocket socket = terminals.consoleSocket(socketPath);
                try {
                    return TerminalExec.startWithConsoleSocket(cli.exec(id, pidFile, processFile, socketPath),
                            pidFile, socket);
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
            }
            List<String> argv = cli.exec(id, pidFile, processFile);
            PseudoTerminal terminal = terminals.open();
            try {
                return TerminalExec.start(argv, pidFile, terminal, signals);
            } catch (IOException | RuntimeException e) {
                terminal.close();
                throw e;
            }
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "exec " + command + " in container " + id + ": "
                    + e.getMessage(), e);
        }
    }

    InteractiveProcess attach(String id) throws RuntimeHandlerException {
        requireRunning(id, "attach");
        Path socket = containers.layout().bundle(id).resolve("attach");
        try {
            return new ConmonAttach(sockets.connect(socket), containers.layout().controlFifo(id), () -> exitCode(id),
                    id);
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "attach to container " + id + ": its monitor's socket "
                    + socket + " does not answer: " + e.getMessage(), e);
        }
    }

    SocketChannel dialPort(String sandboxId, int port) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IOException("port " + port + " is not a TCP port");
        }
        Optional<Path> network;
        try {
            network = sandboxes.networkNamespace(sandboxId);
        } catch (RuntimeHandlerException e) {
            throw new IOException(e.getMessage(), e);
        }
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (network.isEmpty()) {
            try {
                return SocketChannel.open(loopback);
            } catch (IOException e) {
                throw new IOException("cannot connect to 127.0.0.1:" + port + " of pod sandbox " + sandboxId
                        + " (node network): " + e.getMessage(), e);
            }
        }
        try {
            return namespaces.connect(network.get(), loopback);
        } catch (IOException e) {
            throw new IOException("pod sandbox " + sandboxId + ": " + e.getMessage(), e);
        }
    }

    private void requireRunning(String id, String what) throws RuntimeHandlerException {
        ContainerState state = containers.state(id);
        if (state.phase() != Phase.RUNNING) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " is " + state.phase()
                    + ": cannot " + what);
        }
    }

    private int exitCode(String id) {
        try {
            ContainerState state = containers.state(id);
            return state.phase() == Phase.RUNNING ? -1 : state.exitCode();
        } catch (RuntimeHandlerException e) {
            return -1;
        }
    }
}
