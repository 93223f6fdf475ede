package dev.orca.streaming.internal;

import dev.orca.spi.InteractiveProcess;
import dev.orca.spi.streaming.ContainerStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach from its client's connection to its status: starts (or reaches) the process, copies stdin in
 * and stdout and stderr out, applies resizes, and when the process ends sends its exit status and closes. A client
 * that goes away first ends the process (an exec is killed, an attach detaches).
 */
final class ProcessSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSession.class);
    private static final int BUFFER = 32 * 1024;
    /** Output still arriving after the process ended (from a child that kept its stdout) is waited for this long. */
    private static final long OUTPUT_GRACE_SECONDS = 5;

    private final PendingRequest request;
    private final ClientStreams client;
    private final String protocol;
    private final ExecutorService threads;

    ProcessSession(PendingRequest request, ClientStreams client, String protocol, ExecutorService threads) {
        this.request = request;
        this.client = client;
        this.protocol = protocol;
        this.threads = threads;
    }

    @Override
    public void run() {
        ContainerStream stream = request.stream();
        InteractiveProcess process;
        try {
            process = stream.starter().start();
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: {}", request.describe(), e.getMessage());
            client.finish(ExitStatus.failed(request.describe() + ": " + e.getMessage()).encode(protocol, request.describe()));
            return;
        }
        client.onVanish(process::close);
        try {
            Future<?> stdout = threads.submit(() -> copy(process.stdout(), client.stdout()));
            Future<?> stderr = threads.submit(() -> copy(process.stderr(), client.stderr()));
            if (client.stdin() != null) {
                threads.submit(() -> feed(client.stdin(), process.stdin()));
            } else if (request.kind() == PendingRequest.Kind.EXEC) {
                closeQuietly(process.stdin());
            }
            if (client.resize() != null) {
                threads.submit(() -> resize(process));
            }
            int code = process.waitFor();
            await(stdout);
            await(stderr);
            ExitStatus status = code < 0 && request.kind() == PendingRequest.Kind.ATTACH ? ExitStatus.exited(0)
                    : ExitStatus.exited(code);
            client.finish(status.encode(protocol, request.describe()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.finish(new byte[0]);
        } finally {
            process.close();
        }
    }

    /** Copies the process's output to the client and ends the client's stream; without a client stream, drains. */
    private static Void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (to != null && n > 0) {
                    to.write(buffer, 0, n);
                }
            }
        } finally {
            if (to != null) {
                closeQuietly(to);
            }
        }
        return null;
    }

    private static void feed(InputStream from, OutputStream to) {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the process stopped reading or the client went away: stdin ends either way
        } finally {
            closeQuietly(to);
        }
    }

    private void resize(InteractiveProcess process) {
        try {
            TerminalSizes.read(client.resize(), size -> process.resize(size.width(), size.height()));
        } catch (IOException e) {
            LOG.debug("{}: resize stream ended: {}", request.describe(), e.getMessage());
        }
    }

    private static void await(Future<?> pump) throws InterruptedException {
        try {
            pump.get(OUTPUT_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            pump.cancel(true);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed or gone
        }
    }
}
