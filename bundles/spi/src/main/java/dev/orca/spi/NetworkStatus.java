package dev.orca.spi;

/** Whether a pod network is ready, with the reason and a message when it is not. */
public record NetworkStatus(boolean ready, String reason, String message) {

    public static final NetworkStatus READY = new NetworkStatus(true, "", "");
}
