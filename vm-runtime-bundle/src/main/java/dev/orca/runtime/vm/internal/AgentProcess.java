package dev.orca.runtime.vm.internal;

import dev.orca.os.ChunkPipe;
import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.AgentException;
import dev.orca.runtime.vm.internal.agent.ExitStatus;
import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.runtime.vm.internal.agent.Frame;
import dev.orca.runtime.vm.internal.agent.FrameType;
import dev.orca.runtime.vm.internal.agent.ProcessListener;
import dev.orca.spi.InteractiveProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec'd process in the guest, or a container's own process reached by attach, talked to over its channel:
 * output from STDOUT/STDERR frames, input as STDIN frames (an empty one closes it), the end from its EXIT.
 */
final class AgentProcess implements InteractiveProcess, ProcessListener {

    private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

    private final AgentConnection agent;
    private final int channel;
    private final Runnable onClose;
    private final boolean exec;
    private final ChunkPipe stdout = new ChunkPipe();
    private final ChunkPipe stderr = new ChunkPipe();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    /**
     * @param exec an exec'd process, killed in the guest when closed while it runs (an attach only detaches)
     * @param onClose what closing does besides ending the streams (stop listening; detach)
     */
    AgentProcess(AgentConnection agent, int channel, boolean tty, boolean exec, Runnable onClose) {
        this.agent = agent;
        this.channel = channel;
        this.exec = exec;
        this.onClose = onClose;
        if (tty) {
            stderr.end();
        }
        agent.closed().thenRun(() -> end(-1));
    }

    @Override
    public void output(FrameType stream, byte[] bytes) {
        (stream == FrameType.STDERR ? stderr : stdout).feed(bytes);
    }

    @Override
    public void exited(ExitStatus status) {
        end(status.code());
    }

    private void end(int code) {
        stdout.end();
        stderr.end();
        exit.complete(code);
    }

    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int start = off; start < off + len; start += Frame.MAX_PAYLOAD) {
                    int end = Math.min(off + len, start + Frame.MAX_PAYLOAD);
                    agent.send(FrameType.STDIN, channel, Arrays.copyOfRange(b, start, end));
                }
            }

            @Override
            public void close() throws IOException {
                if (!exit.isDone()) {
                    agent.send(FrameType.STDIN, channel, new byte[0]);
                }
            }
        };
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) throws IOException {
        try {
            agent.call(Fields.of("op", "resize").add("channel", channel).add("rows", rows).add("cols", columns),
                    PodVm.CALL_TIMEOUT);
        } catch (AgentException e) {
            throw new IOException("resizing the terminal of channel " + channel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            return -1;
        }
    }

    CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Kills an exec'd process (its process group) in the guest; nothing when it has ended. */
    void kill() throws AgentException {
        if (exec && !exit.isDone()) {
            agent.call(Fields.of("op", "signal").add("channel", channel).add("signal", 9), PodVm.CALL_TIMEOUT);
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (AgentException e) {
            LOG.warn("exec on channel {}: not killed in the guest: {}", channel, e.getMessage());
        }
        onClose.run();
        end(-1);
    }
}
