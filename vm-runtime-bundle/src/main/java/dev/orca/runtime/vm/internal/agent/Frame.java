package dev.orca.runtime.vm.internal.agent;

import java.util.Arrays;

/** One frame on the agent port: a type, a channel (a request id, a process or a stream), and its payload. */
public record Frame(FrameType type, int channel, byte[] payload) {

    /** The most payload a frame may carry. */
    public static final int MAX_PAYLOAD = 1 << 20;

    public Frame {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(type + " frame of " + payload.length + " bytes: more than "
                    + MAX_PAYLOAD);
        }
    }

    public static Frame of(FrameType type, int channel, Fields fields) {
        return new Frame(type, channel, fields.encode());
    }

    /** The payload read as fields (REQUEST, REPLY, EXIT, READY). */
    public Fields fields() {
        return Fields.decode(payload);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.type == type && f.channel == channel && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + channel) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "#" + channel + "(" + payload.length + " bytes)";
    }
}
