package dev.orca.streaming.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SPDY/3.1 server session over Netty's frame codec, as the Kubernetes clients (moby/spdystream) use it: the client
 * opens streams (SYN_STREAM) and each gets a SYN_REPLY at once; DATA flows both ways and FIN ends a direction;
 * RST_STREAM ends a stream; PINGs are echoed; GOAWAY or a closed socket ends everything. Received data is
 * acknowledged with WINDOW_UPDATEs as it arrives, so a client that keeps SPDY windows never stalls; spdystream keeps
 * none and ignores the window of this side, so backpressure is TCP's (see {@link InboundBudget}).
 */
final class SpdyConnection extends ChannelInboundHandlerAdapter {

    /** What the session makes of the streams its client opens. */
    interface Listener {
        /** Called on the event loop, after the stream's reply was sent. */
        void opened(SpdyStream stream);

        /** The connection has closed. */
        void closed();
    }

    private final Channel channel;
    private final InboundBudget budget;
    private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
    private Listener listener;

    SpdyConnection(Channel channel) {
        this.channel = channel;
        this.budget = new InboundBudget(channel);
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                opened(ctx, syn);
            } else if (msg instanceof SpdyDataFrame data) {
                received(ctx, data);
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                SpdyStream stream = streams.remove(rst.streamId());
                if (stream != null) {
                    stream.reset();
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyGoAwayFrame) {
                ctx.close();
            }
            // SETTINGS, WINDOW_UPDATE and HEADERS change nothing here
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
        int id = syn.streamId();
        if (streams.containsKey(id) || id % 2 == 0) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<CharSequence, CharSequence> h : syn.headers()) {
            headers.put(h.getKey().toString().toLowerCase(Locale.ROOT), h.getValue().toString());
        }
        SpdyStream stream = new SpdyStream(id, headers, this, new InboundPipe(budget));
        streams.put(id, stream);
        ctx.writeAndFlush(reply(id));
        if (syn.isLast() || syn.isUnidirectional()) {
            stream.inbound().end();
        }
        if (listener != null) {
            listener.opened(stream);
        }
    }

    /**
     * A stream's SYN_REPLY. It carries one header because Netty encodes an empty header block as no bytes at all,
     * and spdystream, the kubelet's client, reads the block's header count from every SYN_REPLY: a reply without
     * one ends its connection ("frame read error: unexpected EOF") and client-go fails the stream after 30 s.
     */
    static SpdySynReplyFrame reply(int streamId) {
        SpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(streamId);
        reply.headers().set(":status", "200");
        return reply;
    }

    private void received(ChannelHandlerContext ctx, SpdyDataFrame data) {
        SpdyStream stream = streams.get(data.streamId());
        ByteBuf content = data.content();
        int length = content.readableBytes();
        if (stream != null && length > 0) {
            stream.inbound().feed(ByteBufUtil.getBytes(content));
        }
        if (length > 0) {
            ctx.write(new DefaultSpdyWindowUpdateFrame(data.streamId(), length));
            ctx.writeAndFlush(new DefaultSpdyWindowUpdateFrame(0, length));
        }
        if (stream != null && data.isLast()) {
            stream.inbound().end();
        }
    }

    /**
     * Sends data (with FIN when {@code last}) from any thread; waits while the socket does not take more, so a slow
     * client slows the producer instead of filling memory.
     */
    void send(int streamId, byte[] bytes, int offset, int length, boolean last) throws IOException {
        if (!channel.isActive()) {
            throw new IOException("the client has closed the connection");
        }
        ByteBuf buffer = length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(bytes, offset, length);
        ChannelFuture written = channel.writeAndFlush(new DefaultSpdyDataFrame(streamId, buffer).setLast(last));
        if (!channel.isWritable()) {
            written.awaitUninterruptibly();
            if (!written.isSuccess()) {
                throw new IOException("the client has closed the connection", written.cause());
            }
        }
    }

    /** Resets a stream the session does not want. */
    void refuse(SpdyStream stream) {
        streams.remove(stream.id());
        stream.reset();
        channel.writeAndFlush(new DefaultSpdyRstStreamFrame(stream.id(), SpdyStreamStatus.REFUSED_STREAM));
    }

    /** Ends the session: GOAWAY, then the socket closes once what was written has gone out. */
    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(f -> channel.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        streams.values().forEach(SpdyStream::reset);
        streams.clear();
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
