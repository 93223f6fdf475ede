package dev.orca.spi;

/** An image operation failed; the message names the image and the cause, the kind tells what sort of failure. */
public class ImageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What sort of failure: the core turns it into the matching gRPC status. */
    public enum Kind {
        /** The reference is not a valid image reference. */
        INVALID_REFERENCE,
        /** The registry has no such repository, tag or digest. */
        NOT_FOUND,
        /** The registry refused the credentials, or wants some. */
        UNAUTHORIZED,
        /**
         * Configuration or policy forbids it: a registry blocked by registries.conf, or an image the
         * {@link dev.orca.spi.policy.ImagePolicy} refuses (the message names the policy file and the cause).
         */
        REFUSED,
        /** The registry could not be reached, or answered with a server error. */
        UNREACHABLE,
        /** The registry stopped sending for longer than allowed. */
        TIMED_OUT,
        /** What arrived does not match its digest, or is not a valid manifest, config or layer. */
        CORRUPT,
        /** The image is in use and cannot be removed. */
        IN_USE,
        /**
         * The disk ran full while the image was stored (ENOSPC); the message names the file system. What the pull
         * wrote is gone again, and the pull succeeds once there is space.
         */
        NO_SPACE,
        /** A bundle the operation needs (such as the configured storage driver) is not deployed. */
        NOT_DEPLOYED,
        /** Anything else: local I/O, an internal error. */
        FAILED
    }

    private final Kind kind;

    public ImageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ImageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
