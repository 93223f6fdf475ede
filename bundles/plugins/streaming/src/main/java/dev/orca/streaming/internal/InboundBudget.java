package dev.orca.streaming.internal;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a connection has received that their readers (a process's stdin, a pod's socket) have not taken yet. Above
 * the high mark the connection stops reading from the network, below the low mark it reads again: TCP pushes back
 * on a client that sends faster than the container takes it (SPDY clients such as the kubelet's keep no windows).
 */
final class InboundBudget {

    static final long HIGH = 4L << 20;
    static final long LOW = 1L << 20;

    private final Channel channel;
    private final AtomicLong queued = new AtomicLong();

    InboundBudget(Channel channel) {
        this.channel = channel;
    }

    void received(int bytes) {
        if (queued.addAndGet(bytes) > HIGH && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    void taken(int bytes) {
        if (queued.addAndGet(-bytes) < LOW && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
