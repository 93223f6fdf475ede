package dev.orca.spi;

/** A pod could not be connected or disconnected; the message names the pod, the plug-in and its error. */
public class NetworkException extends Exception {

    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
