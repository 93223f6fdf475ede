package dev.orca.runtime.crio.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds a program by name the way a shell does, in the directories of a PATH. */
interface ExecutableSearch {

    Optional<Path> find(String name);

    /** Searches the directories of {@code path} (colon-separated), first match wins. */
    static ExecutableSearch inPath(String path) {
        return name -> {
            if (path == null || name.contains("/")) {
                return Optional.empty();
            }
            for (String dir : Pattern.compile(":").split(path)) {
                if (!dir.startsWith("/")) {
                    continue; // an empty or relative entry means the daemon's working directory: never trusted
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
            return Optional.empty();
        };
    }

    /** The daemon's own PATH, with the system directories a root daemon should see even when PATH lacks them. */
    static ExecutableSearch ofThisProcess() {
        String path = System.getenv("PATH");
        String system = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return inPath(path == null || path.isBlank() ? system : path + ":" + system);
    }
}
