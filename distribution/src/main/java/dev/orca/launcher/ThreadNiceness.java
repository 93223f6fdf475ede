package dev.orca.launcher;

import java.io.IOException;
import java.util.List;

/** The scheduling priorities (nice values) of this process's threads: read, and set. */
interface ThreadNiceness {

    /** One thread: its id, its name as the kernel keeps it, its nice value. */
    record Task(int id, String name, int nice) {
    }

    /** The process's own nice value: its first thread's, which the JVM leaves as the process was started. */
    int processNice() throws IOException;

    /** This process's threads. */
    List<Task> tasks() throws IOException;

    /** Sets the nice value of these threads; fails naming the cause when the system refuses. */
    void renice(int nice, List<Integer> ids) throws IOException, InterruptedException;
}
