package dev.orca.image.internal.registry;

import dev.orca.spi.ImageException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives one response body into a sink while hashing it, refuses more bytes than allowed, waits while the sink is
 * full, and can be aborted by a watchdog when no byte has arrived for too long.
 */
final class Transfer implements HttpResponse.BodySubscriber<Long> {

    private final TransferSink sink;
    private final MessageDigest digest;
    private final long maxBytes;
    private final String what;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long bytes;
    private volatile long promised = -1;
    private volatile boolean abortedHere;

    /**
     * @param algorithm {@code sha256} or {@code sha512}
     * @param what names the content in errors, such as {@code blob sha256:...}
     */
    Transfer(TransferSink sink, String algorithm, long maxBytes, String what) {
        this.sink = sink;
        this.maxBytes = maxBytes;
        this.what = what;
        try {
            this.digest = MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The length the response's headers promise; -1 when they give none. */
    void promised(HttpResponse.ResponseInfo info) {
        promised = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                bytes += buffer.remaining();
                if (bytes > maxBytes) {
                    abort(new ImageException(ImageException.Kind.CORRUPT,
                            what + " is larger than the " + maxBytes + " bytes its descriptor gives"));
                    return;
                }
                digest.update(buffer.duplicate());
                sink.write(buffer);
            }
            lastProgressNanos = System.nanoTime();
            if (sink.hasRoom(this::resume)) {
                subscription.request(1);
            }
        } catch (IOException e) {
            // the local disk failed, not the registry: no mirror can help (a full disk is NO_SPACE further up)
            abort(new ImageException(ImageException.Kind.FAILED, what + ": cannot write it to disk: "
                    + e.getMessage(), e));
        }
    }

    /** The full sink has room again: silence counts from now, and the registry may send more. */
    private void resume() {
        lastProgressNanos = System.nanoTime();
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    /** Its request is being sent: silence counts from now, not from whatever came before (a scheme probe). */
    void requested() {
        lastProgressNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastProgressNanos;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Stops the transfer: the response completes with {@code cause}. */
    void abort(Throwable cause) {
        abortedHere = true;
        // the cause first: once cancelled, the HTTP client may fail the body with an exception of its own
        result.completeExceptionally(cause);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** What is being received, as errors name it: {@code manifest 1}, {@code blob sha256:...}. */
    String what() {
        return what;
    }

    /** {@code algorithm:hex} of what was received; valid once the body completed. */
    String digest() {
        String algorithm = digest.getAlgorithm().equals("SHA-512") ? "sha512" : "sha256";
        return algorithm + ":" + HexFormat.of().formatHex(digest.digest());
    }

    long bytes() {
        return bytes;
    }

    /**
     * Whether the body had begun to arrive when the connection failed (the registry closed it, or went away), as
     * opposed to this side stopping it (a stall, too many bytes, a write that failed) or no answer at all.
     */
    boolean cutByRegistry() {
        return subscription != null && !abortedHere;
    }

    /** How far the body got: {@code after 2009 of 4018 bytes}. */
    String progress() {
        return ReplyProgress.of(bytes, promised);
    }
}
