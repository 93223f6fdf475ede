package dev.orca.runtime.oci.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * Checks what can be checked before the first container: a usable name, absolute paths, executable binaries.
     *
     * @throws IllegalArgumentException naming the handler and what is wrong
     */
    RuntimeSettings validated() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("runtime handler name \"" + name
                    + "\" is not a RuntimeClass handler name (lower-case letters, digits, '.', '_', '-')");
        }
        requireExecutable("runtime", runtimePath);
        requireExecutable("monitor", monitorPath);
        requireAbsolute("runtime root", runtimeRoot);
        requireAbsolute("run root", runRoot);
        return this;
    }

    private void requireExecutable(String what, Path path) {
        requireAbsolute(what + " binary", path);
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": " + what + " binary " + path
                    + " does not exist or is not executable");
        }
    }

    private void requireAbsolute(String what, Path path) {
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": " + what + " " + path
                    + " is not an absolute path");
        }
    }
}
