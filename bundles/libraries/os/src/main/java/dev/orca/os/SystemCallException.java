package dev.orca.os;

import java.io.IOException;

/** A system call failed: names the call, what it was called on, and the error number with its text. */
public class SystemCallException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private final String call;
    private final int errno;

    /**
     * @param call the call and its arguments as they should read in the message, such as {@code umount2(/x/merged)}
     * @param errno the error number
     * @param description the error's text (strerror)
     */
    public SystemCallException(String call, int errno, String description) {
        super(call + ": " + description + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call and its arguments, as in the message. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
