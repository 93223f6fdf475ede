package dev.orca.runtime.vm.internal.agent;

/** Receives what a process channel carries; called on the connection's reader thread, so it must not block long. */
public interface ProcessListener {

    /** Bytes the process wrote; {@code stream} is {@link FrameType#STDOUT} or {@link FrameType#STDERR}. */
    void output(FrameType stream, byte[] bytes);

    void exited(ExitStatus status);
}
