package dev.orca.launcher;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The JIT's threads (its compilers, its code sweeper) at the process's own priority again once the node has started.
 *
 * <p>{@code bin/orca} starts the daemon with its compiler threads at the lowest priority (nice 19) where it may raise
 * them back. While the node starts, they compile code that runs once, and on a small node they would take a core from
 * the start's own thread. Once every feature has started, this puts them back at the process's priority, so that the
 * CRI calls' code is compiled as soon as it is hot, even on a busy node.
 */
final class CompilerPriority {

    /**
     * HotSpot's threads that run at the compilers' priority, as the kernel names them (cut to 15 characters): the
     * compilers and, up to JDK 19, the code cache's sweeper.
     */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre",
            "Sweeper thread");

    private CompilerPriority() {
    }

    /**
     * Gives every JIT thread that runs below the process's priority the process's priority. Returns what was
     * done, for the log, or empty when every compiler thread already had it.
     */
    static Optional<String> restore(ThreadNiceness threads) throws IOException, InterruptedException {
        int target = threads.processNice();
        List<ThreadNiceness.Task> lowered = threads.tasks().stream()
                .filter(t -> COMPILER_THREADS.stream().anyMatch(t.name()::startsWith))
                .filter(t -> t.nice() > target)
                .toList();
        if (lowered.isEmpty()) {
            return Optional.empty();
        }
        threads.renice(target, lowered.stream().map(ThreadNiceness.Task::id).toList());
        return Optional.of(String.format("%d JIT thread%s back at nice %d (nice %d while the node started)",
                lowered.size(), lowered.size() == 1 ? "" : "s", target,
                lowered.stream().mapToInt(ThreadNiceness.Task::nice).max().orElse(target)));
    }
}
