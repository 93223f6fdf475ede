package dev.orca.runtime.crio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What one file says about runtimes: {@code [crio.runtime] default_runtime} if it sets it, and its
 * {@code [crio.runtime.runtimes.NAME]} tables (name → key → value, in the file's order). Everything else a
 * crio.conf holds is not Orca's to read here.
 */
record CrioConfigDocument(Path file, Optional<String> defaultRuntime, Map<String, Map<String, JsonNode>> runtimes) {
}
