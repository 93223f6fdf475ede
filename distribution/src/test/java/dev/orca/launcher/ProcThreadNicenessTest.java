package dev.orca.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcThreadNicenessTest {

    /** Fields 3 to 20 of a thread's stat line, the nice value (field 19) given. */
    private static String after(int nice) {
        return "S 1 100 100 0 -1 4194368 3418 0 0 0 51 9 0 0 39 " + nice + " 21 0";
    }

    @TempDir
    Path dir;

    @Test
    void aThreadNameWithSpacesAndParenthesesIsReadWhole() throws IOException {
        assertEquals(new ThreadNiceness.Task(108, "C2 CompilerThre", 19),
                ProcThreadNiceness.parse("108 (C2 CompilerThre) " + after(19) + "\n"));
        assertEquals(new ThreadNiceness.Task(7, "a) b", -4), ProcThreadNiceness.parse("7 (a) b) " + after(-4)));
    }

    @Test
    void aLineItCannotReadIsAnErrorQuotingIt() {
        IOException noName = assertThrows(IOException.class, () -> ProcThreadNiceness.parse("108 C2 S 1"));
        assertTrue(noName.getMessage().contains("108 C2 S 1"), noName.getMessage());
        assertThrows(IOException.class, () -> ProcThreadNiceness.parse("108 (java) S 1 2 3"));
        assertThrows(IOException.class, () -> ProcThreadNiceness.parse("x (java) " + after(0)));
    }

    @Test
    void readsTheProcessAndEachThreadFromTheirStatFiles() throws IOException {
        Files.writeString(dir.resolve("stat"), "100 (java) " + after(3));
        for (String line : List.of("100 (java) " + after(3), "108 (C2 CompilerThre) " + after(19))) {
            Path task = Files.createDirectories(dir.resolve("task").resolve(line.substring(0, 3)));
            Files.writeString(task.resolve("stat"), line);
        }
        Files.createDirectories(dir.resolve("task/111"));

        ProcThreadNiceness threads = new ProcThreadNiceness(dir);

        assertEquals(3, threads.processNice());
        assertEquals(List.of(new ThreadNiceness.Task(100, "java", 3), new ThreadNiceness.Task(108, "C2 CompilerThre", 19)),
                threads.tasks().stream().sorted(java.util.Comparator.comparingInt(ThreadNiceness.Task::id)).toList());
    }

    @Test
    void thisJvmsCompilerThreadsAreAmongItsThreads() throws IOException {
        ProcThreadNiceness threads = new ProcThreadNiceness();

        List<ThreadNiceness.Task> tasks = threads.tasks();

        assertTrue(tasks.stream().anyMatch(t -> t.name().startsWith("C1 CompilerThre")
                || t.name().startsWith("C2 CompilerThre")), "compiler threads among " + tasks);
        int pid = (int) ProcessHandle.current().pid();
        assertEquals(tasks.stream().filter(t -> t.id() == pid).findFirst().orElseThrow().nice(), threads.processNice());
    }

    @Test
    void reniceSetsTheNiceValueOfTheGivenIds() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleeper.pid();

            new ProcThreadNiceness().renice(7, List.of(pid));

            assertEquals(7, new ProcThreadNiceness(Path.of("/proc/" + pid)).processNice());
        } finally {
            sleeper.destroy();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedReniceIsAnErrorWithRenicesOwnWords() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        IOException e = assertThrows(IOException.class,
                () -> new ProcThreadNiceness().renice(0, List.of((int) ended.pid())));

        assertTrue(e.getMessage().startsWith("renice exited with 1: ") && e.getMessage().contains(
                Long.toString(ended.pid())), e.getMessage());
    }
}
