package dev.orca.runtime.vm.internal.agent;

/** Receives a port-forward connection's DATA and CLOSE, on the connection's reader thread. */
public interface StreamListener {

    void data(byte[] bytes);

    /** The guest side is done with the connection, or the agent connection is gone. */
    void closed();
}
