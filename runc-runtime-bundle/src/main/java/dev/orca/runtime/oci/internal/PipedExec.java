package dev.orca.runtime.oci.internal;

import dev.orca.spi.InteractiveProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/** {@code runc exec} without a terminal: the command's stdio are pipes to this process. */
final class PipedExec implements InteractiveProcess {

    private final Process runtime;
    private final ExecCleanup cleanup;

    PipedExec(Process runtime, ExecCleanup cleanup) {
        this.runtime = runtime;
        this.cleanup = cleanup;
    }

    static PipedExec start(java.util.List<String> argv, Path pidFile) throws java.io.IOException {
        Process runtime = new ProcessBuilder(argv).start();
        return new PipedExec(runtime, new ExecCleanup(runtime, pidFile));
    }

    @Override
    public OutputStream stdin() {
        return runtime.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return runtime.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return runtime.getErrorStream();
    }

    @Override
    public void resize(int columns, int rows) {
        // no terminal: nothing to size
    }

    @Override
    public int waitFor() throws InterruptedException {
        return runtime.waitFor();
    }

    @Override
    public void close() {
        cleanup.run();
    }
}
