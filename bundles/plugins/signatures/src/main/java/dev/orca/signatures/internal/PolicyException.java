package dev.orca.signatures.internal;

import java.nio.file.Path;

/** A policy file that cannot be used; the message names the file, the line where known, and the cause. */
final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    PolicyException(Path file, int line, String reason) {
        super(file + (line > 0 ? " line " + line : "") + ": " + reason);
    }
}
