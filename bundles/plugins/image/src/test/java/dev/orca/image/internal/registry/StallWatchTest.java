package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ImageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stall is recognised by the watch's own record: whatever the JDK's HTTP client throws for the cancelled request
 * (a plain IOException about the content length on newer JDK 17 updates), the pull fails as timed out.
 */
class StallWatchTest {

    private final StallWatch watch = new StallWatch(Duration.ofMillis(200));
    private final RegistryHttp http = new RegistryHttp(Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        watch.close();
    }

    private static Transfer transfer() {
        return new Transfer(TransferSink.of(Channels.newChannel(new ByteArrayOutputStream())), "sha256", 1000, "blob sha256:11");
    }

    /** What some JDK updates complete a request with after its body subscription was cancelled. */
    private static ExecutionException whatTheClientThrows() {
        return new ExecutionException(new IOException("fixed content-length: 199, bytes received: 99"));
    }

    private static void awaitDone(Transfer transfer) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!transfer.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(transfer.isDone(), "the watch stopped the idle transfer");
    }

    @Test
    void aTransferTheWatchStoppedFailsAsTimedOutWhateverTheClientThrew() throws Exception {
        Transfer stalled = transfer();
        watch.watch(stalled, "127.0.0.1:5000");
        awaitDone(stalled);

        ImageException error = watch.failure(stalled, () -> http.failure("127.0.0.1:5000", whatTheClientThrows()));

        assertEquals(ImageException.Kind.TIMED_OUT, error.kind());
        assertTrue(error.getMessage().contains("registry 127.0.0.1:5000 sent nothing for"), error.getMessage());
    }

    @Test
    void aTransferTheWatchDidNotStopFailsWithTheTransportsCause() {
        Transfer other = transfer();

        ImageException error = watch.failure(other, () -> http.failure("127.0.0.1:5000", whatTheClientThrows()));

        assertEquals(ImageException.Kind.UNREACHABLE, error.kind());
        assertTrue(error.getMessage().contains("fixed content-length"), error.getMessage());
    }

    @Test
    void silenceCountsFromTheRequestNotFromWhenTheTransferWasMade() throws Exception {
        Transfer late = transfer();
        Thread.sleep(400); // such as an HTTPS probe of a plain-HTTP registry, which waits out its timeout
        watch.watch(late, "127.0.0.1:5000");
        Thread.sleep(100);

        assertTrue(watch.firedOn(late).isEmpty(), "not stopped the moment it is watched");
        assertFalse(late.isDone());
    }

    @Test
    void aTransferIdleForLessThanTheTimeoutIsNotStopped() throws Exception {
        Transfer watched = transfer();
        watch.watch(watched, "127.0.0.1:5000");
        Thread.sleep(100);

        assertTrue(watch.firedOn(watched).isEmpty());
        assertFalse(watched.isDone());
    }
}
