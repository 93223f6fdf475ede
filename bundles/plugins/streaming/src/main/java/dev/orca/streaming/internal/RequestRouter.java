package dev.orca.streaming.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP request of a stream connection: {@code /exec/TOKEN}, {@code /attach/TOKEN} or
 * {@code /portforward/TOKEN}, upgraded to SPDY/3.1 or WebSocket. Everything that is wrong is answered with an HTTP
 * status and a line saying what: an unknown path (404), a token unknown, used or expired (404), no upgrade (400),
 * no common protocol (403), too many streams (429).
 */
final class RequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    static final String ACCEPTED_PROTOCOLS_HEADER = "X-Accepted-Stream-Protocol-Versions";
    private static final int MAX_WEBSOCKET_FRAME = 16 << 20;

    private final TokenCache<PendingRequest> tokens;
    private final StreamLimit limit;
    private final ExecutorService threads;
    private final Duration creationTimeout;

    RequestRouter(TokenCache<PendingRequest> tokens, StreamLimit limit, ExecutorService threads,
            Duration creationTimeout) {
        this.tokens = tokens;
        this.limit = limit;
        this.threads = threads;
        this.creationTimeout = creationTimeout;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String[] parts = uri.path().split("/");
        PendingRequest.Kind kind = parts.length == 3 ? kindOf(parts[1]) : null;
        if (kind == null) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "no stream at " + uri.path()
                    + " (expected /exec/TOKEN, /attach/TOKEN or /portforward/TOKEN)");
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.POST)) {
            refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + uri.path());
            return;
        }
        boolean websocket = "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
        boolean spdy = "SPDY/3.1".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
        if (!websocket && !spdy) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: missing upgrade headers in request"
                    + " (Connection: Upgrade with Upgrade: SPDY/3.1, or a WebSocket handshake)");
            return;
        }
        List<String> supported = supported(kind, websocket);
        List<String> offered = StreamProtocols.split(request.headers().getAll(websocket
                ? HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL.toString() : PROTOCOL_HEADER));
        Optional<String> protocol = StreamProtocols.negotiate(offered, supported, kind == PendingRequest.Kind
                .PORT_FORWARD && !websocket ? StreamProtocols.PORT_FORWARD : StreamProtocols.V1);
        if (protocol.isEmpty()) {
            FullHttpResponse response = response(HttpResponseStatus.FORBIDDEN, "unable to upgrade: unable to"
                    + " negotiate protocol: client supports " + offered + ", server supports " + supported);
            supported.forEach(p -> response.headers().add(ACCEPTED_PROTOCOLS_HEADER, p));
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!limit.tryAcquire()) {
            refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "too many streams: " + limit.max()
                    + " are being served (the limit)");
            return;
        }
        TokenCache.Lookup<PendingRequest> lookup = tokens.consume(parts[2]);
        if (lookup.found().isEmpty() || lookup.request().kind() != kind) {
            limit.release();
            String why = lookup.refusal() == TokenCache.Refusal.EXPIRED ? "has expired"
                    : lookup.refusal() == TokenCache.Refusal.USED ? "was used already" : "is not known";
            refuse(ctx, HttpResponseStatus.NOT_FOUND, kind.path() + " stream token " + parts[2] + " " + why
                    + " (a URL from Exec, Attach or PortForward serves one client, for a limited time)");
            return;
        }
        limit.serving(kind);
        ctx.channel().closeFuture().addListener(f -> limit.release(kind));
        PendingRequest pending = lookup.request();
        LOG.debug("{}: {} with {}", pending.describe(), websocket ? "WebSocket" : "SPDY/3.1", protocol.get());
        if (spdy) {
            upgradeToSpdy(ctx, pending, protocol.get());
        } else {
            upgradeToWebSocket(ctx, request, pending, protocol.get(), uri);
        }
    }

    private void upgradeToSpdy(ChannelHandlerContext ctx, PendingRequest pending, String protocol) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(PROTOCOL_HEADER, protocol);
        // written (and encoded by the HTTP codec) now, before the codec makes way for SPDY's
        ctx.writeAndFlush(response);
        ChannelPipeline pipeline = ctx.pipeline();
        SpdyConnection connection = new SpdyConnection(ctx.channel());
        if (pending.kind() == PendingRequest.Kind.PORT_FORWARD) {
            connection.listen(new SpdyPortForwardSession(connection, pending.forward(), threads, creationTimeout));
        } else {
            connection.listen(new SpdyExecSession(connection, pending, protocol, threads, creationTimeout));
        }
        pipeline.addAfter(ctx.name(), "spdy-session", connection);
        pipeline.remove(StreamingPipeline.AGGREGATOR);
        pipeline.replace(StreamingPipeline.HTTP, "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        pipeline.remove(this);
    }

    private void upgradeToWebSocket(ChannelHandlerContext ctx, FullHttpRequest request, PendingRequest pending,
            String protocol, QueryStringDecoder uri) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + uri.path();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location,
                protocol.isEmpty() ? null : protocol, false, MAX_WEBSOCKET_FRAME).newHandshaker(request);
        if (handshaker == null) {
            refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "unsupported WebSocket version (13 is spoken)");
            return;
        }
        WebSocketChannels channels = new WebSocketChannels(ctx.channel(), StreamProtocols.base64(protocol));
        Runnable start;
        if (pending.kind() == PendingRequest.Kind.PORT_FORWARD) {
            List<Integer> ports = ports(uri, pending);
            WebSocketPortForwardSession session = new WebSocketPortForwardSession(channels, pending.forward(), ports,
                    threads);
            channels.listen(session);
            start = session::start;
        } else {
            WebSocketExecSession session = new WebSocketExecSession(channels, pending);
            channels.listen(session);
            start = () -> threads.execute(new ProcessSession(pending, session, protocol.isEmpty()
                    ? StreamProtocols.V1 : protocol, threads));
        }
        ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_WEBSOCKET_FRAME));
        ctx.pipeline().addLast("ws-channels", channels);
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (f.isSuccess()) {
                ctx.pipeline().remove(this);
                start.run();
            } else {
                ctx.close();
            }
        });
    }

    /** The ports of a WebSocket port-forward: the {@code ports} parameter, or the CRI request's. */
    private static List<Integer> ports(QueryStringDecoder uri, PendingRequest pending) {
        List<Integer> ports = new ArrayList<>();
        for (String value : uri.parameters().getOrDefault("ports", List.of())) {
            for (String part : value.split(",")) {
                try {
                    ports.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    // reported when dialed: ignored here
                }
            }
        }
        return ports.isEmpty() ? pending.forward().ports() : ports;
    }

    private static List<String> supported(PendingRequest.Kind kind, boolean websocket) {
        if (kind == PendingRequest.Kind.PORT_FORWARD) {
            return websocket ? StreamProtocols.WEBSOCKET_PORT_FORWARD : StreamProtocols.SPDY_PORT_FORWARD;
        }
        return websocket ? StreamProtocols.WEBSOCKET_REMOTE_COMMAND : StreamProtocols.SPDY_REMOTE_COMMAND;
    }

    private static PendingRequest.Kind kindOf(String segment) {
        for (PendingRequest.Kind kind : PendingRequest.Kind.values()) {
            if (kind.path().equals(segment.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        LOG.info("stream request refused ({}): {}", status.code(), message);
        ctx.writeAndFlush(response(status, message)).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String message) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("stream connection failed: {}", cause.toString());
        ctx.close();
    }
}
