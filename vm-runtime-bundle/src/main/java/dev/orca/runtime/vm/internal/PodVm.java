package dev.orca.runtime.vm.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.TIMED_OUT;

import dev.orca.os.ProcessStat;
import dev.orca.runtime.vm.internal.agent.AgentConnection;
import dev.orca.runtime.vm.internal.agent.AgentException;
import dev.orca.runtime.vm.internal.agent.AgentHello;
import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's running VM: its QEMU process and the connection to its agent, made again (with {@code hello}) when it
 * dropped — after an Orca restart, the first call that needs the agent reconnects.
 */
final class PodVm {

    private static final Logger LOG = LoggerFactory.getLogger(PodVm.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long a refused connection to a live QEMU's agent socket is tried again at boot (it binds before it listens). */
    static final Duration LISTEN_WAIT = Duration.ofSeconds(5);
    private static final Path PROC = Path.of("/proc");

    private final String id;
    private final PodDirectory dir;
    private final Consumer<AgentConnection> onConnect;
    private final AtomicInteger channels = new AtomicInteger();
    private volatile VmRecord record;
    private volatile Process child;
    private volatile AgentConnection agent;
    private volatile String deathReason;
    /** Done once the guest is up and has the pod's hostname and sysctls; a VM found again after a restart is. */
    private final java.util.concurrent.CompletableFuture<Void> prepared = new java.util.concurrent.CompletableFuture<>();

    PodVm(String id, PodDirectory dir, VmRecord record, Process child, Consumer<AgentConnection> onConnect) {
        this.id = id;
        this.dir = dir;
        this.record = record;
        this.child = child;
        this.onConnect = onConnect;
        if (child == null) {
            prepared.complete(null);
        }
    }

    /** The boot watcher has applied the pod's settings in the guest: containers may come. */
    void prepared() {
        prepared.complete(null);
    }

    /** The boot watcher could not prepare the guest: containers waiting are told why. */
    void notPrepared(Exception why) {
        prepared.completeExceptionally(why);
    }

    /**
     * Waits until the guest is up and prepared for containers (at most {@code timeout}); the READY wait comes first,
     * so a guest that does not boot is reported as such.
     */
    void awaitPrepared(Duration timeout) throws RuntimeHandlerException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitReady(timeout);
        try {
            prepared.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RuntimeHandlerException(TIMED_OUT, "pod sandbox " + id + ": its VM booted but did not take the"
                    + " pod's settings within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": its VM could not take the pod's"
                    + " settings: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": interrupted waiting for its VM");
        }
    }

    String id() {
        return id;
    }

    PodDirectory dir() {
        return dir;
    }

    VmRecord record() {
        return record;
    }

    synchronized void update(VmRecord changed) throws IOException {
        changed.write(dir.record());
        record = changed;
    }

    /**
     * Changes the record as it is now: the boot watcher and the first CreateContainer change it at the same time
     * (boot time, network), and a change made from an earlier copy would undo the other.
     */
    synchronized VmRecord update(java.util.function.UnaryOperator<VmRecord> change) throws IOException {
        update(change.apply(record));
        return record;
    }

    boolean alive() {
        return ProcessStat.alive(PROC, record.pid(), record.pidStart());
    }

    /** Why the VM is not there, for messages: it died, or it was killed for not booting in time. */
    String whyGone() {
        String reason = deathReason;
        return reason != null ? reason : "its VM (QEMU pid " + record.pid() + ") has exited";
    }

    void markGone(String reason) {
        deathReason = reason;
    }

    /** A channel for an exec or a port-forward connection, unique in the VM across Orca restarts. */
    int nextChannel() {
        return (record.epoch() << 20) | (channels.incrementAndGet() & 0xfffff);
    }

    /** Connects first, without waiting: the agent's READY comes on this connection when it boots. */
    synchronized AgentConnection connectAtBoot() throws IOException {
        update(record.nextEpoch());
        AgentConnection connection = openWhenListening();
        onConnect.accept(connection);
        agent = connection;
        return connection;
    }

    /**
     * The connection to QEMU's agent socket. QEMU binds the socket (the file appears) a moment before it listens, and
     * a connection in between is refused: on a busy node that moment was hit (critest's pods failed with "cannot
     * start its VM: Connection refused"), so a refusal is tried again while QEMU lives, for up to
     * {@link #LISTEN_WAIT}.
     */
    private AgentConnection openWhenListening() throws IOException {
        long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
        while (true) {
            try {
                return AgentConnection.open("pod " + id, dir.agentSocket());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline || !alive()) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Waits until the agent is up (READY, or an answer to hello) for at most {@code timeout}. */
    AgentHello awaitReady(Duration timeout) throws RuntimeHandlerException {
        AgentConnection connection = agent;
        if (connection == null) {
            try {
                return connected().hello(CALL_TIMEOUT);
            } catch (AgentException e) {
                throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": " + e.getMessage());
            }
        }
        try {
            return connection.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RuntimeHandlerException(TIMED_OUT, "pod sandbox " + id + ": the VM's agent did not come up"
                    + " within " + timeout.toSeconds() + " s" + consoleTail());
        } catch (ExecutionException e) {
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": " + (alive()
                    ? "the connection to the VM's agent ended: " + e.getCause().getMessage() : whyGone())
                    + consoleTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": interrupted waiting for its VM");
        }
    }

    /** The connection to the agent, made again when it dropped and the VM lives. */
    AgentConnection connected() throws RuntimeHandlerException {
        AgentConnection connection = agent;
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        synchronized (this) {
            if (agent != null && agent.isOpen()) {
                return agent;
            }
            if (!alive()) {
                throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": " + whyGone());
            }
            try {
                update(record.nextEpoch());
                connection = AgentConnection.open("pod " + id, dir.agentSocket());
                onConnect.accept(connection);
                connection.hello(CALL_TIMEOUT);
                LOG.info("pod sandbox {}: connected again to the agent of its VM (QEMU pid {})", id, record.pid());
                agent = connection;
                return connection;
            } catch (AgentException e) {
                if (connection != null) {
                    connection.close();
                }
                throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": its VM's agent does not answer: "
                        + e.getMessage());
            } catch (IOException e) {
                throw new RuntimeHandlerException(FAILED, "pod sandbox " + id + ": cannot connect to its VM's agent"
                        + " at " + dir.agentSocket() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Drops the connection and leaves the VM running (the handler goes away; a new one connects again). */
    void disconnect() {
        AgentConnection connection = agent;
        if (connection != null) {
            connection.close();
        }
    }

    /** Kills QEMU (and reaps it when it is this JVM's child) and drops the connection. */
    void kill() {
        AgentConnection connection = agent;
        if (connection != null) {
            connection.close();
        }
        if (alive()) {
            ProcessHandle.of(record.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        Process process = child;
        try {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 100 && alive(); i++) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (alive()) {
            LOG.warn("pod sandbox {}: QEMU pid {} still runs after SIGKILL", id, record.pid());
        }
    }

    /** Waits up to {@code timeout} for QEMU to end by itself (after the guest powered off). */
    boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Process process = child;
            if (process != null) {
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            while (alive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !alive();
    }

    /** The console's last lines, to say why a guest did not boot. */
    String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(dir.consoleLog()).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return " (the guest console " + dir.consoleLog() + " is empty)";
            }
            return " (guest console: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                    lines.size())).strip() + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
