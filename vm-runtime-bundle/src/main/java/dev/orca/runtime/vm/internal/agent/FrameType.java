package dev.orca.runtime.vm.internal.agent;

/** The frame types of docs/vm-agent-protocol.md, with their numbers on the wire. */
public enum FrameType {
    REQUEST(1), REPLY(2), STDOUT(3), STDERR(4), EXIT(5), STDIN(6), READY(7), DATA(8), CLOSE(9);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a number the protocol does not define */
    public static FrameType of(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown frame type " + code);
    }
}
