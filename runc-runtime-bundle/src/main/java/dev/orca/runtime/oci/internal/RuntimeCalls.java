package dev.orca.runtime.oci.internal;

import static dev.orca.spi.RuntimeHandlerException.Kind.FAILED;
import static dev.orca.spi.RuntimeHandlerException.Kind.TIMED_OUT;

import dev.orca.spi.RuntimeHandlerException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** One runtime call about a container, its failure to run worded for the container. */
final class RuntimeCalls {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Path runtimePath;
    private final Commands commands;

    RuntimeCalls(Path runtimePath, Commands commands) {
        this.runtimePath = runtimePath;
        this.commands = commands;
    }

    /** Runs {@code argv} (the runtime's {@code what}) with {@code stdin}, or none when null. */
    Commands.Result call(String id, String what, List<String> argv, byte[] stdin) throws RuntimeHandlerException {
        try {
            return commands.run(argv, stdin, CALL_TIMEOUT);
        } catch (TimeoutException e) {
            throw new RuntimeHandlerException(TIMED_OUT, "container " + id + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RuntimeHandlerException(FAILED, "container " + id + ": cannot run " + runtimePath + " " + what
                    + ": " + e.getMessage(), e);
        }
    }
}
