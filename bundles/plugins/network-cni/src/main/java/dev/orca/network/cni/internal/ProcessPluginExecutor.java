package dev.orca.network.cni.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs plug-ins as child processes. Only stdin, stdout and stderr reach them (the JVM closes every other descriptor
 * in the child). A plug-in that overruns its time is killed with its descendants and reaped.
 *
 * <p>Its stdin is fed and its stdout and stderr drained at once, each on a thread of the executor's own pool. Not
 * the JVM's common pool: it has one worker on a two-core node from Java 19 on (and a few on larger ones, shared with
 * everything else in the process), and a plug-in waiting for its stdin while both drains hold those workers would
 * never finish. The pool's idle threads end when the executor is closed, with its bundle, instead of outliving it by
 * a minute; a plug-in asked for after that is refused with an {@link IOException}.
 */
public final class ProcessPluginExecutor implements PluginExecutor {

    private static final Duration STREAM_GRACE = Duration.ofSeconds(2);

    private final ExecutorService streams = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "orca-cni-plugin-streams");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public PluginOutput run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout) throws IOException {
        if (streams.isShutdown()) {
            throw stopping(binary, null);
        }
        ProcessBuilder builder = new ProcessBuilder(binary.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> out;
        CompletableFuture<byte[]> err;
        try {
            out = drain(process.getInputStream());
            err = drain(process.getErrorStream());
            CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin), streams);
        } catch (RejectedExecutionException e) {
            kill(process);
            throw stopping(binary, e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new PluginTimeoutException(binary + " did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            return new PluginOutput(process.exitValue(), collect(out),
                    new String(collect(err), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException(binary + " interrupted and killed", e);
        }
    }

    @Override
    public void close() {
        streams.shutdown();
    }

    /** Whether every thread of the pool has ended within {@code wait} of {@link #close()}. */
    boolean awaitClosed(Duration wait) throws InterruptedException {
        return streams.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static IOException stopping(Path binary, RejectedExecutionException cause) {
        return new IOException(binary + " not run: the CNI network is stopping", cause);
    }

    private static void kill(Process process) throws IOException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.getInputStream().close();
        process.getErrorStream().close();
    }

    private CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, streams);
    }

    private static void feed(OutputStream stream, byte[] stdin) {
        try (stream) {
            stream.write(stdin);
        } catch (IOException e) {
            // the plug-in exited without reading all of its configuration; its exit code tells why
        }
    }

    /** A grandchild that keeps the pipe open must not hold us up once the plug-in itself has exited. */
    private static byte[] collect(CompletableFuture<byte[]> stream) {
        try {
            return stream.get(STREAM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new byte[0];
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }
}
