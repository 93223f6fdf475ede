package dev.orca.streaming.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each accepted connection: TLS when configured, an idle timeout (no byte either way for that long closes it), and
 * HTTP/1.1 until the {@link RequestRouter} upgrades it.
 */
final class StreamingPipeline extends ChannelInitializer<SocketChannel> {

    static final String HTTP = "http";
    static final String AGGREGATOR = "http-aggregator";
    /** The upgrade request carries no body worth keeping. */
    private static final int MAX_REQUEST = 64 * 1024;

    private final SslContext tls;
    private final Duration idleTimeout;
    private final ChannelGroup open;
    private final TokenCache<PendingRequest> tokens;
    private final StreamLimit limit;
    private final ExecutorService threads;
    private final Duration creationTimeout;

    StreamingPipeline(SslContext tls, Duration idleTimeout, ChannelGroup open, TokenCache<PendingRequest> tokens,
            StreamLimit limit, ExecutorService threads, Duration creationTimeout) {
        this.tls = tls;
        this.idleTimeout = idleTimeout;
        this.open = open;
        this.tokens = tokens;
        this.limit = limit;
        this.threads = threads;
        this.creationTimeout = creationTimeout;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        open.add(channel);
        if (tls != null) {
            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
        }
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("idle-close", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                        if (event instanceof IdleStateEvent) {
                            ctx.close();
                        } else {
                            super.userEventTriggered(ctx, event);
                        }
                    }
                })
                .addLast(HTTP, new HttpServerCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST))
                .addLast("router", new RequestRouter(tokens, limit, threads, creationTimeout));
    }
}
