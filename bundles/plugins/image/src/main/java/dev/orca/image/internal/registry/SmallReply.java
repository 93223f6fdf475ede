package dev.orca.image.internal.registry;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A small reply (a token, an error document) read whole into memory, counting what arrived, so that a reply the
 * server stopped sending in the middle can be told apart from no reply at all, and said how far it got.
 */
final class SmallReply implements HttpResponse.BodyHandler<byte[]> {

    private volatile long promised = -1;
    private volatile long received;
    private volatile boolean started;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        promised = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        started = true;
        HttpResponse.BodySubscriber<byte[]> whole = HttpResponse.BodySubscribers.ofByteArray();
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<byte[]> getBody() {
                return whole.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                whole.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                received += buffers.stream().mapToLong(ByteBuffer::remaining).sum();
                whole.onNext(buffers);
            }

            @Override
            public void onError(Throwable error) {
                whole.onError(error);
            }

            @Override
            public void onComplete() {
                whole.onComplete();
            }
        };
    }

    /** Whether the reply's headers had arrived when the exchange failed: the body was cut, not never sent. */
    boolean started() {
        return started;
    }

    /** How far the body got, as {@link ReplyProgress} says it. */
    String progress() {
        return ReplyProgress.of(received, promised);
    }
}
