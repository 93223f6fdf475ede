package dev.orca.runtime.vm.internal;

import dev.orca.runtime.vm.internal.agent.ExitStatus;
import dev.orca.runtime.vm.internal.agent.FrameType;
import dev.orca.runtime.vm.internal.agent.ProcessListener;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a container's channel goes: its CRI log, the clients attached to it, and, at its end, its record (through
 * {@code onExit}) and whoever waits for the exit.
 */
final class ContainerOutput implements ProcessListener {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerOutput.class);

    private final String id;
    private final CriLog log;
    private final Consumer<ExitStatus> onExit;
    private final List<ProcessListener> attached = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

    /** @param log the CRI log, or null when the container has none */
    ContainerOutput(String id, CriLog log, Consumer<ExitStatus> onExit) {
        this.id = id;
        this.log = log;
        this.onExit = onExit;
    }

    @Override
    public void output(FrameType stream, byte[] bytes) {
        if (log != null) {
            try {
                log.write(stream == FrameType.STDERR ? "stderr" : "stdout", bytes);
            } catch (IOException e) {
                LOG.warn("container {}: cannot write its log: {}", id, e.getMessage());
            }
        }
        attached.forEach(a -> a.output(stream, bytes));
    }

    @Override
    public void exited(ExitStatus status) {
        onExit.accept(status);
        closeLog();
        exit.complete(status);
        attached.forEach(a -> a.exited(status));
    }

    CompletableFuture<ExitStatus> exit() {
        return exit;
    }

    void attach(ProcessListener listener) {
        attached.add(listener);
    }

    void detach(ProcessListener listener) {
        attached.remove(listener);
    }

    void reopenLog() throws IOException {
        if (log != null) {
            log.reopen();
        }
    }

    void closeLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.debug("container {}: closing its log: {}", id, e.getMessage());
            }
        }
    }
}
