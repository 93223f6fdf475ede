package dev.orca.spi.streaming;

import java.util.Objects;

/**
 * A stream to a process in a container that a client may open once through the URL a {@link StreamingServer} gives
 * for it: which streams the client asked for, and how to start (or reach) the process when it connects.
 *
 * @param containerId the container the URL is bound to
 * @param tty whether the process has a terminal (then there is no separate stderr, and resize applies)
 * @param stdin whether the client sends standard input
 * @param stdout whether the client wants standard output
 * @param stderr whether the client wants standard error
 * @param starter called when the client connects
 */
public record ContainerStream(String containerId, boolean tty, boolean stdin, boolean stdout, boolean stderr,
        ProcessStarter starter) {

    public ContainerStream {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(starter, "starter");
    }
}
