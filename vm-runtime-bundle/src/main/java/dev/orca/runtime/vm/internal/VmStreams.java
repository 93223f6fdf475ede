package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED_PRECONDITION;
import static dev.orca.spi.RuntimeHandlerException.Kind.INVALID;
import static dev.orca.spi.RuntimeHandlerException.Kind.TIMED_OUT;

import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.AgentException;
import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.runtime.vm.internal.agent.FrameType;
import dev.orca.runtime.vm.internal.agent.SocketStreams;
import dev.orca.runtime.vm.internal.agent.StreamListener;
import dev.orca.spi.ContainerState.Phase;
import dev.orca.spi.ExecOutput;
import dev.orca.spi.ExecResult;
import dev.orca.spi.InteractiveProcess;
import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exec (synchronous and streamed), attach and port-forward for VM pods, all through the pod's agent. */
final class VmStreams {

    private static final Logger LOG = LoggerFactory.getLogger(VmStreams.class);

    private final VmContainers containers;
    private final VmPods pods;

    VmStreams(VmContainers containers, VmPods pods) {
        this.containers = containers;
        this.pods = pods;
    }

    ExecResult execSync(String id, List<String> command, Duration timeout, int maxOutputBytes)
            throws RuntimeHandlerException {
        AgentProcess process = exec(id, command, false, false);
        ExecOutput output = ExecOutput.spillingToTemporaryFiles(maxOutputBytes);
        Thread outReader = drain(process.stdout(), output.stdout());
        Thread errReader = drain(process.stderr(), output.stderr());
        try (output) {
            int code = timeout == null ? process.exit().get()
                    : process.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            outReader.join(5000);
            errReader.join(5000);
            return output.result(code);
        } catch (TimeoutException e) {
            String killed;
            try {
                process.kill();
                killed = "killed";
            } catch (AgentException k) {
                killed = "not killed: " + k.getMessage();
            }
            throw new RuntimeHandlerException(TIMED_OUT, "exec " + command + " in container " + id
                    + " did not finish within " + timeout.toMillis() + " ms (" + killed + ")");
        } catch (ExecutionException e) {
            throw new RuntimeHandlerException(FAILED, "exec " + command + " in container " + id + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeHandlerException(FAILED, "interrupted during exec " + command + " in container " + id);
        } finally {
            process.close();
        }
    }

    InteractiveProcess execStream(String id, List<String> command, boolean tty) throws RuntimeHandlerException {
        return exec(id, command, tty, true);
    }

    private AgentProcess exec(String id, List<String> command, boolean tty, boolean stdin)
            throws RuntimeHandlerException {
        if (command == null || command.isEmpty()) {
            throw new RuntimeHandlerException(INVALID, "container " + id + ": exec without a command");
        }
        ContainerRecord record = requireRunning(id, "exec " + command);
        PodVm vm = containers.vmOf(record);
        AgentConnection agent = vm.connected();
        int channel = vm.nextChannel();
        AgentProcess process = new AgentProcess(agent, channel, tty, true, () -> agent.forget(channel));
        agent.listen(channel, process);
        try {
            agent.call(CreateFields.exec(id, channel, containers.spec(id), command, tty, stdin, containers.seccomp()),
                    PodVm.CALL_TIMEOUT);
            return process;
        } catch (AgentException | IllegalArgumentException e) {
            process.close();
            throw e instanceof AgentException a ? VmContainers.failure("exec " + command + " in container " + id, a)
                    : new RuntimeHandlerException(INVALID, "exec in container " + id + ": " + e.getMessage());
        }
    }

    InteractiveProcess attach(String id, boolean tty) throws RuntimeHandlerException {
        ContainerRecord record = requireRunning(id, "attach");
        AgentConnection agent = containers.agentOf(record);
        ContainerOutput output = containers.output(record);
        AgentProcess[] holder = new AgentProcess[1];
        holder[0] = new AgentProcess(agent, record.channel(), tty, false, () -> output.detach(holder[0]));
        output.attach(holder[0]);
        output.exit().thenAccept(holder[0]::exited);
        return holder[0];
    }

    /** A connection to {@code port} in the guest: the agent dials it, a local socket pair carries the bytes. */
    SocketChannel dialPort(String sandboxId, int port) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IOException("port " + port + " is not a TCP port");
        }
        PodVm vm;
        AgentConnection agent;
        try {
            vm = pods.vm(sandboxId);
            agent = vm.connected();
        } catch (RuntimeHandlerException e) {
            throw new IOException(e.getMessage(), e);
        }
        int channel = vm.nextChannel();
        Path socket = vm.dir().dir().resolve("dial-" + channel + ".sock");
        SocketChannel client;
        SocketChannel bridged;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            bridged = server.accept();
        } finally {
            Files.deleteIfExists(socket);
        }
        agent.openStream(channel, new StreamListener() {
            @Override
            public void data(byte[] bytes) {
                try {
                    SocketStreams.write(bridged, bytes);
                } catch (IOException e) {
                    LOG.debug("pod sandbox {}: port {}: {}", sandboxId, port, e.getMessage());
                }
            }

            @Override
            public void closed() {
                try {
                    bridged.close();
                } catch (IOException e) {
                    LOG.debug("pod sandbox {}: port {}: {}", sandboxId, port, e.getMessage());
                }
            }
        });
        try {
            agent.call(Fields.of("op", "dial").add("port", port).add("channel", channel), PodVm.CALL_TIMEOUT);
        } catch (AgentException e) {
            agent.forgetStream(channel);
            client.close();
            bridged.close();
            throw new IOException("cannot connect to 127.0.0.1:" + port + " of pod sandbox " + sandboxId + ": "
                    + e.getMessage(), e);
        }
        Thread pump = new Thread(() -> pump(agent, channel, bridged), "orca-vm-port-" + port);
        pump.setDaemon(true);
        pump.start();
        return client;
    }

    private static void pump(AgentConnection agent, int channel, SocketChannel bridged) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = SocketStreams.input(bridged)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                agent.send(FrameType.DATA, channel, java.util.Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            // the client or the agent went away
        }
        try {
            agent.send(FrameType.CLOSE, channel, new byte[0]);
        } catch (AgentException e) {
            // nobody to tell
        }
    }

    private ContainerRecord requireRunning(String id, String what) throws RuntimeHandlerException {
        Phase phase = containers.state(id).phase();
        if (phase != Phase.RUNNING) {
            throw new RuntimeHandlerException(FAILED_PRECONDITION, "container " + id + " is " + phase + ": cannot "
                    + what);
        }
        return containers.record(id);
    }

    private static Thread drain(InputStream in, OutputStream into) {
        Thread thread = new Thread(() -> ExecOutput.drain(in, into), "orca-vm-exec-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
