package dev.orca.os;

import java.util.Optional;

/** The kinds of special file mknod(2) makes here, with their file-type bits (S_IF*). */
public enum NodeType {
    CHARACTER_DEVICE(0020000),
    BLOCK_DEVICE(0060000),
    FIFO(0010000);

    /** The mask of the file-type bits in st_mode. */
    public static final int S_IFMT = 0170000;

    private final int typeBits;

    NodeType(int typeBits) {
        this.typeBits = typeBits;
    }

    /** The S_IF* bits of this type. */
    public int typeBits() {
        return typeBits;
    }

    /** The special-file type of an st_mode, if it is one of these. */
    public static Optional<NodeType> ofMode(int stMode) {
        for (NodeType type : values()) {
            if ((stMode & S_IFMT) == type.typeBits) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
