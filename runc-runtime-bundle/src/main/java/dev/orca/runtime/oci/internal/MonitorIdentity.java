package dev.orca.runtime.oci.internal;

import dev.orca.os.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a live process is a container's conmon: it runs the monitor's binary and, where its start was recorded at
 * create ({@link ProcessStat#startTicks()}), it started then. A pid alone does not say it: once a container's conmon
 * has ended, its pid may be given to any later process, a later container's conmon too, and a RemoveContainer hours
 * later must not kill that one. Containers created before the start was recorded are checked by their command alone.
 */
final class MonitorIdentity {

    private MonitorIdentity() {
    }

    /** When the process of {@code pid} started, in clock ticks since boot, if it is there. */
    static OptionalLong startOf(long pid) {
        return ProcessStat.startTicksOf(pid);
    }

    /** The start written at create; empty when none was (an older daemon's container) or it cannot be read. */
    static OptionalLong recordedStart(Path file) throws IOException {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @param command the live process's command, as the JDK reads it
     * @param start the live process's start in clock ticks, empty when it could not be read
     */
    static boolean isTheMonitor(Optional<String> command, OptionalLong start, Path monitorPath,
            OptionalLong recordedStart) {
        if (!command.map(c -> c.equals(monitorPath.toString())).orElse(false)) {
            return false;
        }
        return recordedStart.isEmpty() || start.isPresent() && start.getAsLong() == recordedStart.getAsLong();
    }
}
