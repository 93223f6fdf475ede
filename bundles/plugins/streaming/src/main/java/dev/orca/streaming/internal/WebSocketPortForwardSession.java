package dev.orca.streaming.internal;

import dev.orca.spi.streaming.PortForward;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port-forward over WebSocket: the ports are named in the URL's {@code ports} parameter (else those of the CRI
 * request); port number i has data channel 2i and error channel 2i+1, and the first message on each is the port
 * number (two bytes, little-endian). One connection per port; the WebSocket closes when all have ended.
 */
final class WebSocketPortForwardSession implements WebSocketChannels.Listener {

    private final WebSocketChannels channels;
    private final PortForward forward;
    private final List<Integer> ports;
    private final ExecutorService threads;
    private final List<InboundPipe> inbound = new ArrayList<>();
    private final List<PortConnection> connections = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();

    WebSocketPortForwardSession(WebSocketChannels channels, PortForward forward, List<Integer> ports,
            ExecutorService threads) {
        this.channels = channels;
        this.forward = forward;
        this.ports = List.copyOf(ports);
        this.threads = threads;
        for (int i = 0; i < ports.size(); i++) {
            inbound.add(new InboundPipe(channels.budget()));
        }
    }

    /** Announces each port on its two channels and starts its connection. */
    void start() {
        running.set(ports.size());
        threads.execute(() -> {
            try {
                for (int i = 0; i < ports.size(); i++) {
                    int port = ports.get(i);
                    byte[] number = {(byte) (port & 0xff), (byte) (port >> 8)};
                    channels.send(2 * i, number, 0, 2);
                    channels.send(2 * i + 1, number, 0, 2);
                }
            } catch (IOException e) {
                return;
            }
            for (int i = 0; i < ports.size(); i++) {
                PortConnection connection = new PortConnection(forward, ports.get(i), inbound.get(i),
                        channels.output(2 * i), channels.output(2 * i + 1), false, threads, this::ended);
                synchronized (connections) {
                    connections.add(connection);
                }
                threads.execute(connection);
            }
        });
    }

    private void ended() {
        if (running.decrementAndGet() == 0) {
            channels.close();
        }
    }

    @Override
    public void received(int channel, byte[] data) {
        if (channel % 2 == 0 && channel / 2 < inbound.size()) {
            inbound.get(channel / 2).feed(data);
        } else if (channel == WebSocketChannels.CLOSE_CHANNEL && data.length > 0 && (data[0] & 0xff) % 2 == 0
                && (data[0] & 0xff) / 2 < inbound.size()) {
            inbound.get((data[0] & 0xff) / 2).end();
        }
    }

    @Override
    public void closed() {
        inbound.forEach(InboundPipe::end);
        synchronized (connections) {
            connections.forEach(PortConnection::stop);
        }
    }
}
