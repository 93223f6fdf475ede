package dev.orca.streaming.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Kubernetes channel framing over WebSocket: every message starts with its channel number, one byte in binary
 * messages, or one ASCII digit followed by base64 in text messages ({@code base64.channel.k8s.io}).
 */
final class WebSocketChannels extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** v5: a message on this channel, naming another, says the client will send nothing more on that one. */
    static final int CLOSE_CHANNEL = 255;

    interface Listener {
        /** Called on the event loop with one message's payload. */
        void received(int channel, byte[] data);

        void closed();
    }

    private final Channel channel;
    private final boolean base64;
    private final InboundBudget budget;
    private Listener listener;

    WebSocketChannels(Channel channel, boolean base64) {
        this.channel = channel;
        this.base64 = base64;
        this.budget = new InboundBudget(channel);
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    InboundBudget budget() {
        return budget;
    }

    Channel channel() {
        return channel;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
            byte[] message = ByteBufUtil.getBytes(frame.content());
            if (message.length == 0 || listener == null) {
                return;
            }
            int number;
            byte[] data;
            if (base64 && frame instanceof TextWebSocketFrame) {
                number = message[0] - '0';
                try {
                    data = Base64.getDecoder().decode(Arrays.copyOfRange(message, 1, message.length));
                } catch (IllegalArgumentException e) {
                    return;
                }
            } else {
                number = message[0] & 0xff;
                data = Arrays.copyOfRange(message, 1, message.length);
            }
            listener.received(number, data);
        }
    }

    /** A stream writing to one channel; closing it changes nothing (the connection's close ends all). */
    OutputStream output(int number) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                send(number, data, offset, length);
            }
        };
    }

    void send(int number, byte[] data, int offset, int length) throws IOException {
        if (!channel.isActive()) {
            throw new IOException("the client has closed the connection");
        }
        WebSocketFrame frame;
        if (base64) {
            String text = (char) ('0' + number) + Base64.getEncoder().encodeToString(
                    Arrays.copyOfRange(data, offset, offset + length));
            frame = new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
        } else {
            ByteBuf buffer = Unpooled.buffer(length + 1);
            buffer.writeByte(number);
            buffer.writeBytes(data, offset, length);
            frame = new BinaryWebSocketFrame(buffer);
        }
        ChannelFuture written = channel.writeAndFlush(frame);
        if (!channel.isWritable()) {
            written.awaitUninterruptibly();
            if (!written.isSuccess()) {
                throw new IOException("the client has closed the connection", written.cause());
            }
        }
    }

    /** A normal close (1000), then the socket closes. */
    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
