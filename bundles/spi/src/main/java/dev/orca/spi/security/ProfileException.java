package dev.orca.spi.security;

/** A profile that cannot be had; the message names the profile and the cause. */
public class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
