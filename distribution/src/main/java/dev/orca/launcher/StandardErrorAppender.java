package dev.orca.launcher;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * The node's log: the process's own standard error (journald under systemd), whatever thread logs. Logback's console
 * appender writes to {@code System.err} as it is at each event, and the Gogo shell replaces that with a stream of its
 * own on a shell session's thread: a line logged there, by a command or by what it starts or stops, would go to the
 * shell's client instead of the log. This appender writes to file descriptor 2 itself.
 */
public final class StandardErrorAppender extends OutputStreamAppender<ILoggingEvent> {

    @Override
    public void start() {
        setOutputStream(new FileOutputStream(FileDescriptor.err));
        super.start();
    }
}
