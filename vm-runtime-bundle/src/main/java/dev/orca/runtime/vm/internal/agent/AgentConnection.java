package dev.orca.runtime.vm.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a guest's agent over the unix socket of QEMU's chardev: requests answered by REPLY frames
 * (each waited for with a time-out), process output and exits to {@link ProcessListener}s by channel, port-forward
 * data to {@link StreamListener}s. A reader thread dispatches every frame; when the connection ends, pending
 * requests fail at once and the VM's processes keep running, to be found again by a new connection.
 */
public final class AgentConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentConnection.class);

    private final String name;
    private final SocketChannel socket;
    private final Object writing = new Object();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Fields>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, ProcessListener> processes = new ConcurrentHashMap<>();
    private final Map<Integer, ExitStatus> unclaimedExits = new ConcurrentHashMap<>();
    private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
    private final Map<Integer, StreamListener> streams = new ConcurrentHashMap<>();
    private final CompletableFuture<AgentHello> ready = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    private AgentConnection(String name, SocketChannel socket) {
        this.name = name;
        this.socket = socket;
        Thread reader = new Thread(this::readFrames, "orca-vm-agent-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to the agent socket of a VM.
     *
     * @param name the VM's name in messages and the reader thread's name
     * @throws IOException when nothing listens on the socket
     */
    public static AgentConnection open(String name, Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        return new AgentConnection(name, channel);
    }

    /** Completes with the agent's READY, or with the reply to {@link #hello}: the agent answers requests. */
    public CompletableFuture<AgentHello> ready() {
        return ready;
    }

    /** Completes with the reason once the connection has ended. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /**
     * Says hello with the host's clock, which the guest takes (its RTC gives only seconds); after a reconnect the
     * agent then sends the EXITs it kept, and again those an earlier connection may have lost.
     */
    public AgentHello hello(Duration timeout) throws AgentException {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        AgentHello hello = AgentHello.of(call(Fields.of("op", "hello").add("time", nanos), timeout));
        ready.complete(hello);
        return hello;
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @param request the fields, {@code op} first
     * @return the reply's fields when {@code ok}
     * @throws AgentException REFUSED with the agent's error, TIMED_OUT, or DISCONNECTED
     */
    public Fields call(Fields request, Duration timeout) throws AgentException {
        String op = request.get("op").orElse("?");
        int id = nextRequestId();
        CompletableFuture<Fields> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            send(Frame.of(FrameType.REQUEST, id, request));
            Fields fields = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (fields.get("error").isPresent()) {
                throw new AgentException(AgentException.Kind.REFUSED, fields.get("error").get());
            }
            return fields;
        } catch (TimeoutException e) {
            throw new AgentException(AgentException.Kind.TIMED_OUT, "the agent of " + name + " did not answer \""
                    + op + "\" within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AgentException(AgentException.Kind.DISCONNECTED, "the agent of " + name + " did not answer \""
                    + op + "\": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(AgentException.Kind.DISCONNECTED, "interrupted waiting for the agent of "
                    + name + " to answer \"" + op + "\"");
        } finally {
            pending.remove(id);
        }
    }

    /** Routes a process channel's output and exit to {@code listener}; an exit that came before is given at once. */
    public void listen(int channel, ProcessListener listener) {
        processes.put(channel, listener);
        ExitStatus early = unclaimedExits.remove(channel);
        if (early != null) {
            processes.remove(channel, listener);
            listener.exited(early);
        }
    }

    public void forget(int channel) {
        processes.remove(channel);
        unclaimedExits.remove(channel);
    }

    public void openStream(int channel, StreamListener listener) {
        streams.put(channel, listener);
    }

    public void forgetStream(int channel) {
        streams.remove(channel);
    }

    /** Sends STDIN, DATA or CLOSE; @throws AgentException DISCONNECTED when the connection is gone */
    public void send(FrameType type, int channel, byte[] payload) throws AgentException {
        send(new Frame(type, channel, payload));
    }

    private void send(Frame frame) throws AgentException {
        if (closed.isDone()) {
            throw new AgentException(AgentException.Kind.DISCONNECTED, "the connection to the agent of " + name
                    + " is closed: " + closed.getNow(""));
        }
        byte[] bytes = FrameCodec.encode(frame);
        try {
            synchronized (writing) {
                SocketStreams.write(socket, bytes);
            }
        } catch (IOException e) {
            end("write failed: " + e.getMessage());
            throw new AgentException(AgentException.Kind.DISCONNECTED, "cannot write to the agent of " + name + ": "
                    + e.getMessage());
        }
    }

    private int nextRequestId() {
        int id;
        do {
            id = requestIds.incrementAndGet() & Integer.MAX_VALUE;
        } while (id == 0 || pending.containsKey(id));
        return id;
    }

    private void readFrames() {
        InputStream in = SocketStreams.input(socket);
        String reason = "the agent closed the connection";
        try {
            Frame frame;
            while ((frame = FrameCodec.read(in)) != null) {
                dispatch(frame);
            }
        } catch (IOException e) {
            reason = closed.isDone() ? closed.getNow("") : e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("agent of {}: frame handling failed; dropping the connection", name, e);
            reason = "a frame could not be handled";
        }
        end(reason);
    }

    private void dispatch(Frame frame) {
        switch (frame.type()) {
            case REPLY -> {
                CompletableFuture<Fields> reply = pending.get(frame.channel());
                if (reply != null) {
                    reply.complete(frame.fields());
                } else {
                    LOG.debug("agent of {}: reply to request {} that nobody waits for", name, frame.channel());
                }
            }
            case STDOUT, STDERR -> {
                ProcessListener listener = processes.get(frame.channel());
                if (listener != null) {
                    listener.output(frame.type(), frame.payload());
                }
            }
            case EXIT -> {
                if (!ended.add(frame.channel())) {
                    // the agent sends an EXIT again after a hello when an earlier connection may have lost it
                    LOG.debug("agent of {}: EXIT of channel {} again; ignored", name, frame.channel());
                    return;
                }
                ExitStatus status = ExitStatus.of(frame.fields());
                ProcessListener listener = processes.remove(frame.channel());
                if (listener != null) {
                    listener.exited(status);
                } else {
                    unclaimedExits.put(frame.channel(), status);
                }
            }
            case READY -> ready.complete(AgentHello.of(frame.fields()));
            case DATA -> {
                StreamListener listener = streams.get(frame.channel());
                if (listener != null) {
                    listener.data(frame.payload());
                }
            }
            case CLOSE -> {
                StreamListener listener = streams.remove(frame.channel());
                if (listener != null) {
                    listener.closed();
                }
            }
            default -> LOG.warn("agent of {}: unexpected {} frame", name, frame.type());
        }
    }

    private void end(String reason) {
        if (!closed.complete(reason)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("agent of {}: closing the socket: {}", name, e.getMessage());
        }
        AgentException gone = new AgentException(AgentException.Kind.DISCONNECTED, reason);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        ready.completeExceptionally(gone);
        streams.values().forEach(StreamListener::closed);
        streams.clear();
    }

    @Override
    public void close() {
        end("the connection was closed by Orca");
    }
}
