package dev.orca.runtime.oci.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One OCI CLI runtime as a handler uses it: the binary, its state root and extra global arguments, the monitor
 * (conmon), and the directory where this handler keeps its container bundles and exit files.
 */
record RuntimeSettings(String name, Path runtimePath, Path runtimeRoot, List<String> runtimeArgs, Path monitorPath,
        Path runRoot) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62})");

    RuntimeSettings {
        runtimeArgs = List.copyOf(runtimeArgs);
    }

    /**
     * Checks what the configuration itself gets wrong: an unusable name, relative paths. (A binary that is missing
     * may be installed later: see {@link #missingBinary()}.)
     *
     * @throws IllegalArgumentException naming the handler and what is wrong
     */
    RuntimeSettings validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("runtime handler name \"" + name
                    + "\" is not a RuntimeClass handler name (lower-case letters, digits, '.', '_', '-')");
        }
        requireAbsolute("runtime binary", runtimePath);
        requireAbsolute("monitor binary", monitorPath);
        requireAbsolute("runtime root", runtimeRoot);
        requireAbsolute("run root", runRoot);
        return this;
    }

    /** Why the handler cannot run containers now: its runtime or monitor binary is missing; empty when it can. */
    Optional<String> missingBinary() {
        Optional<String> runtime = missingRuntime();
        if (runtime.isPresent() || (Files.isRegularFile(monitorPath) && Files.isExecutable(monitorPath))) {
            return runtime;
        }
        return Optional.of("monitor binary " + monitorPath + " does not exist or is not executable");
    }

    /** Why the runtime binary cannot be run now (moved away, removed); empty when it can. */
    Optional<String> missingRuntime() {
        if (!Files.isRegularFile(runtimePath) || !Files.isExecutable(runtimePath)) {
            return Optional.of("runtime binary " + runtimePath + " does not exist or is not executable");
        }
        return Optional.empty();
    }

    private void requireAbsolute(String what, Path path) {
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": " + what + " " + path
                    + " is not an absolute path");
        }
    }
}
