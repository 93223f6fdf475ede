package dev.orca.streaming.internal;

import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exec or attach over WebSocket: channel 0 stdin, 1 stdout, 2 stderr, 3 the error channel (the status), 4 terminal
 * sizes; with v5 a message on channel 255 naming channel 0 ends stdin.
 */
final class WebSocketExecSession implements WebSocketChannels.Listener, ClientStreams {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;

    private final WebSocketChannels channels;
    private final PendingRequest request;
    private final InboundPipe stdin;
    private final InboundPipe resize;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Runnable> vanish = new AtomicReference<>();

    WebSocketExecSession(WebSocketChannels channels, PendingRequest request) {
        this.channels = channels;
        this.request = request;
        this.stdin = request.stream().stdin() ? new InboundPipe(channels.budget()) : null;
        this.resize = request.stream().tty() ? new InboundPipe(channels.budget()) : null;
    }

    @Override
    public void received(int channel, byte[] data) {
        if (channel == STDIN && stdin != null) {
            stdin.feed(data);
        } else if (channel == RESIZE && resize != null) {
            resize.feed(data);
        } else if (channel == WebSocketChannels.CLOSE_CHANNEL && data.length > 0) {
            if (data[0] == STDIN && stdin != null) {
                stdin.end();
            } else if (data[0] == RESIZE && resize != null) {
                resize.end();
            }
        }
    }

    @Override
    public void closed() {
        if (stdin != null) {
            stdin.end();
        }
        if (resize != null) {
            resize.end();
        }
        if (finished.compareAndSet(false, true)) {
            Runnable action = vanish.getAndSet(() -> { });
            if (action != null) {
                action.run();
            }
        }
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public OutputStream stdout() {
        return request.stream().stdout() ? channels.output(STDOUT) : null;
    }

    @Override
    public OutputStream stderr() {
        return request.stream().stderr() && !request.stream().tty() ? channels.output(STDERR) : null;
    }

    @Override
    public InputStream resize() {
        return resize;
    }

    @Override
    public void finish(byte[] status) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            if (status.length > 0) {
                channels.send(ERROR, status, 0, status.length);
            }
        } catch (IOException e) {
            // the client went away
        }
        channels.close();
    }

    @Override
    public void onVanish(Runnable action) {
        if (!vanish.compareAndSet(null, action)) {
            action.run();
        }
    }
}
