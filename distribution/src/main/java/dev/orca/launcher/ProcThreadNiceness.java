package dev.orca.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ThreadNiceness} from {@code /proc/self}, set with util-linux's {@code renice}. */
final class ProcThreadNiceness implements ThreadNiceness {

    /** In {@code stat}, after the name's closing parenthesis: the state is the first field, the nice value the 17th. */
    private static final int NICE_AFTER_NAME = 16;

    private final Path proc;

    ProcThreadNiceness() {
        this(Path.of("/proc/self"));
    }

    ProcThreadNiceness(Path proc) {
        this.proc = proc;
    }

    @Override
    public int processNice() throws IOException {
        return parse(Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8)).nice();
    }

    @Override
    public List<Task> tasks() throws IOException {
        List<Task> tasks = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path dir : dirs) {
                try {
                    tasks.add(parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8)));
                } catch (NoSuchFileException ended) {
                    // the thread ended while the list was read
                }
            }
        }
        return tasks;
    }

    @Override
    public void renice(int nice, List<Integer> ids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        ids.forEach(id -> command.add(id.toString()));
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        renice.getOutputStream().close();
        // its few lines fit in the pipe: waiting first keeps the timeout a timeout
        if (!renice.waitFor(10, TimeUnit.SECONDS)) {
            renice.destroyForcibly().waitFor();
            throw new IOException("renice did not answer within 10 s");
        }
        String said = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (renice.exitValue() != 0) {
            throw new IOException("renice exited with " + renice.exitValue() + ": " + said);
        }
    }

    /** {@code 4711 (C2 CompilerThre) S 1 …}: the name is everything between the first '(' and the last ')'. */
    static Task parse(String stat) throws IOException {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IOException("unreadable stat line: " + stat.strip());
        }
        String[] fields = stat.substring(close + 1).strip().split(" ");
        if (fields.length <= NICE_AFTER_NAME) {
            throw new IOException("stat line without a nice value: " + stat.strip());
        }
        try {
            return new Task(Integer.parseInt(stat.substring(0, open).strip()), stat.substring(open + 1, close),
                    Integer.parseInt(fields[NICE_AFTER_NAME]));
        } catch (NumberFormatException e) {
            throw new IOException("stat line with a malformed number: " + stat.strip(), e);
        }
    }
}
