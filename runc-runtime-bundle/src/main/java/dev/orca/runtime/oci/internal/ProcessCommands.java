package dev.orca.runtime.oci.internal;

import dev.orca.spi.ExecOutput;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Commands} with real processes.
 *
 * <p>Only fds 0-2 reach a child: the JDK's process launcher (jspawnhelper / vfork) closes every other descriptor
 * before exec, so no Orca file or directory leaks into runc, conmon or a container (CVE-2024-21626 came from such a
 * leaked directory fd).
 */
final class ProcessCommands implements Commands {

    /** Output kept of a runtime call (state, features, errors): small, but bounded anyway. */
    private static final int CALL_OUTPUT_LIMIT = 1 << 20;
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final File DEV_NULL = new File("/dev/null");

    /**
     * conmon answers on the fd named by {@code _OCI_SYNCPIPE}; Java can pass only fds 0-2, so a shell moves the
     * stdout pipe to fd 3, points fd 1 at /dev/null and execs conmon: this JVM reads the sync message from the
     * process's stdout, with no fifo to make or clean up.
     */
    private static final String SYNC_PIPE_ON_FD_3 = "exec 3>&1 >/dev/null; exec \"$@\"";

    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "orca-oci-output");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Result run(List<String> argv, byte[] stdin, Duration timeout) throws IOException, TimeoutException {
        Process process = new ProcessBuilder(argv).start();
        Future<BoundedOutput> out = drain(process.getInputStream(), CALL_OUTPUT_LIMIT);
        Future<BoundedOutput> err = drain(process.getErrorStream(), CALL_OUTPUT_LIMIT);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the command did not read its stdin; its exit code tells
        }
        if (!waitFor(process, timeout)) {
            killAndReap(process);
            throw new TimeoutException(String.join(" ", argv) + " did not finish within " + timeout.toMillis()
                    + " ms");
        }
        return new Result(process.exitValue(), text(out, process.getInputStream()),
                text(err, process.getErrorStream()));
    }

    @Override
    public MonitorStart startMonitor(List<String> argv, Path stderrFile, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", SYNC_PIPE_ON_FD_3, "conmon-sync"));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(DEV_NULL)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        builder.environment().put("_OCI_SYNCPIPE", "3");
        Process monitor = builder.start();
        InputStream sync = monitor.getInputStream();
        Future<String> line = readers.submit(() -> new BufferedReader(
                new InputStreamReader(sync, StandardCharsets.UTF_8)).readLine());
        try {
            return new MonitorStart(line.get(timeout.toMillis(), TimeUnit.MILLISECONDS), monitor.pid());
        } catch (TimeoutException e) {
            killAndReap(monitor);
            return new MonitorStart(null, monitor.pid());
        } catch (ExecutionException e) {
            return new MonitorStart(null, monitor.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAndReap(monitor);
            throw new IOException("interrupted while waiting for the monitor", e);
        } finally {
            // conmon writes nothing more on the pipe; it stays our child and the JDK reaps it when it ends
            sync.close();
        }
    }

    @Override
    public int capture(List<String> argv, Path pidFile, Duration timeout, ExecOutput output)
            throws IOException, TimeoutException {
        Process process = new ProcessBuilder(argv).redirectInput(DEV_NULL).start();
        Future<?> out = readers.submit(() -> ExecOutput.drain(process.getInputStream(), output.stdout()));
        Future<?> err = readers.submit(() -> ExecOutput.drain(process.getErrorStream(), output.stderr()));
        if (!waitFor(process, timeout)) {
            // the exec'd process first, while runc (its subreaper) still lives to reap it; then runc itself
            readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            if (!waitFor(process, GRACE)) {
                killAndReap(process);
            }
            process.getInputStream().close();
            process.getErrorStream().close();
            throw new TimeoutException(String.join(" ", argv) + " did not finish within " + timeout.toMillis()
                    + " ms");
        }
        finished(out, process.getInputStream());
        finished(err, process.getErrorStream());
        return process.exitValue();
    }

    private Future<BoundedOutput> drain(InputStream in, int limit) {
        return readers.submit(() -> new BoundedOutput(limit).drain(in));
    }

    /** The output once the process ended; a grandchild holding the pipe open is cut off after a grace period. */
    private static <T> T finished(Future<T> output, InputStream stream) throws IOException {
        try {
            return output.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stream.close();
            return join(output);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading output", e);
        }
    }

    private static String text(Future<BoundedOutput> output, InputStream stream) throws IOException {
        return new String(finished(output, stream).bytes(), StandardCharsets.UTF_8);
    }

    private static <T> T join(Future<T> output) throws IOException {
        try {
            return output.get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading output", e);
        }
    }

    private static java.util.Optional<Long> readPid(Path pidFile) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Waits for the process, without limit when {@code timeout} is null. */
    private static boolean waitFor(Process process, Duration timeout) throws IOException {
        try {
            if (timeout == null) {
                process.waitFor();
                return true;
            }
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAndReap(process);
            throw new IOException("interrupted while waiting for " + process.info().command().orElse("a command"), e);
        }
    }

    /** SIGKILL and waitpid: nothing is left for init to reap. */
    static void killAndReap(Process process) {
        process.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        readers.shutdownNow();
    }
}
