package dev.orca.runtime.crio.internal;

import java.nio.file.Path;

/** A configuration file that cannot be applied: the file, where in it when known, and why. */
final class MalformedConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;

    /** {@code line} and {@code column} are 1-based, or 0 when the problem has no single place. */
    MalformedConfigException(Path file, int line, int column, String reason) {
        super(file + (line > 0 ? ", line " + line + ", column " + column : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    Path file() {
        return file;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
