package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

    /** A process's threads as given; records each renice. */
    private static final class Threads implements ThreadNiceness {
        final int processNice;
        final List<Task> tasks;
        final List<String> calls = new ArrayList<>();
        IOException refusal;

        Threads(int processNice, Task... tasks) {
            this.processNice = processNice;
            this.tasks = List.of(tasks);
        }

        @Override
        public int processNice() {
            return processNice;
        }

        @Override
        public List<Task> tasks() {
            return tasks;
        }

        @Override
        public void renice(int nice, List<Integer> ids) throws IOException {
            calls.add(nice + " " + ids);
            if (refusal != null) {
                throw refusal;
            }
        }
    }

    @Test
    void theLoweredCompilerThreadsAndOnlyThoseGetTheProcessPriority() throws Exception {
        Threads threads = new Threads(0, new ThreadNiceness.Task(100, "java", 0),
                new ThreadNiceness.Task(108, "C2 CompilerThre", 19), new ThreadNiceness.Task(109, "C1 CompilerThre", 19),
                new ThreadNiceness.Task(140, "orca-cri-io", 19), new ThreadNiceness.Task(141, "VM Thread", -4),
                new ThreadNiceness.Task(112, "Sweeper thread", 19));

        Optional<String> done = CompilerPriority.restore(threads);

        assertEquals(List.of("0 [108, 109, 112]"), threads.calls);
        assertEquals(Optional.of("3 JIT threads back at nice 0 (nice 19 while the node started)"), done);
    }

    @Test
    void theTargetIsTheProcessOwnPriorityNotZero() throws Exception {
        Threads threads = new Threads(5, new ThreadNiceness.Task(100, "java", 5),
                new ThreadNiceness.Task(108, "C2 CompilerThre", 19), new ThreadNiceness.Task(109, "C1 CompilerThre", 5));

        assertEquals(Optional.of("1 JIT thread back at nice 5 (nice 19 while the node started)"),
                CompilerPriority.restore(threads));
        assertEquals(List.of("5 [108]"), threads.calls);
    }

    @Test
    void compilersAlreadyAtOrAboveTheProcessPriorityAreLeftAsTheyAre() throws Exception {
        Threads threads = new Threads(0, new ThreadNiceness.Task(108, "C2 CompilerThre", 0),
                new ThreadNiceness.Task(109, "C1 CompilerThre", -4));

        assertEquals(Optional.empty(), CompilerPriority.restore(threads));
        assertTrue(threads.calls.isEmpty(), "nothing reniced: " + threads.calls);
    }

    @Test
    void aRefusalReachesTheCallerWithTheSystemsWords() {
        Threads threads = new Threads(0, new ThreadNiceness.Task(108, "C2 CompilerThre", 19));
        threads.refusal = new IOException("renice exited with 1: renice: failed to set priority for 108"
                + " (process ID): Permission denied");

        IOException e = assertThrows(IOException.class, () -> CompilerPriority.restore(threads));

        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
    }
}
