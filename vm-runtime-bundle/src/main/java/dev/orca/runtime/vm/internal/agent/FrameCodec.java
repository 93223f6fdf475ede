package dev.orca.runtime.vm.internal.agent;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Frames to and from bytes: a big-endian u32 length of the rest (5 + payload), the type, the channel, the payload. */
public final class FrameCodec {

    private static final int HEADER = 5;

    private FrameCodec() {
    }

    public static byte[] encode(Frame frame) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + HEADER + frame.payload().length);
        buffer.putInt(HEADER + frame.payload().length).put((byte) frame.type().code()).putInt(frame.channel())
                .put(frame.payload());
        return buffer.array();
    }

    public static void write(OutputStream out, Frame frame) throws IOException {
        out.write(encode(frame));
        out.flush();
    }

    /**
     * The next frame, or null at a clean end of stream (between frames).
     *
     * @throws IOException when the stream ends inside a frame or a frame is malformed (a bad length or type)
     */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        try {
            int length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
                    | data.readUnsignedByte();
            if (length < HEADER || length > HEADER + Frame.MAX_PAYLOAD) {
                throw new IOException("malformed frame: length " + Integer.toUnsignedString(length));
            }
            int code = data.readUnsignedByte();
            int channel = data.readInt();
            byte[] payload = new byte[length - HEADER];
            data.readFully(payload);
            try {
                return new Frame(FrameType.of(code), channel, payload);
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed frame: " + e.getMessage());
            }
        } catch (EOFException e) {
            throw new IOException("the connection ended inside a frame", e);
        }
    }
}
