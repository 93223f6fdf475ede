package dev.orca.runtime.crio.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtimes all files say together: tables by name (sorted), {@code default_runtime} and the file that set it
 * last, and one line for every table a later file changed, so that an operator sees which drop-in won.
 */
record MergedCrioConfig(Map<String, RuntimeTable> tables, Optional<String> defaultRuntime,
        Optional<Path> defaultRuntimeSource, List<String> overrides) {
}
