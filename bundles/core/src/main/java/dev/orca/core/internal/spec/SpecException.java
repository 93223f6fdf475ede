package dev.orca.core.internal.spec;

/** A container cannot be specified as asked: the message names the container, the setting and why. */
public final class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
