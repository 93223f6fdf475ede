package dev.orca.network.cni.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs one CNI plug-in binary: the environment and stdin in, the exit code and standard streams out. */
public interface PluginExecutor extends AutoCloseable {

    /**
     * @throws PluginTimeoutException when the plug-in ran longer than {@code timeout}; it has been killed and reaped
     * @throws IOException when it could not be started
     */
    PluginOutput run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout) throws IOException;

    /** Lets go of the threads it keeps, once its bundle stops; a plug-in still running finishes. */
    @Override
    default void close() {
    }

    /** What a plug-in process left behind. */
    record PluginOutput(int exitCode, byte[] stdout, String stderr) {
    }

    /** The plug-in did not finish in time. */
    final class PluginTimeoutException extends IOException {

        private static final long serialVersionUID = 1L;

        public PluginTimeoutException(String message) {
            super(message);
        }
    }
}
