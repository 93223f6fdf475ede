package dev.orca.runtime.vm.internal.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void aRequestIsLengthTypeChannelAndFieldsAsTheProtocolSays() {
        byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 7, Fields.of("op", "start", "id", "c1")));
        byte[] fields = "op\0start\0id\0c1\0".getBytes(StandardCharsets.UTF_8);
        assertEquals(4 + 5 + fields.length, bytes.length);
        assertArrayEquals(new byte[] {0, 0, 0, (byte) (5 + fields.length), 1, 0, 0, 0, 7},
                java.util.Arrays.copyOf(bytes, 9));
        assertArrayEquals(fields, java.util.Arrays.copyOfRange(bytes, 9, bytes.length));
    }

    @Test
    void framesRoundTripAndACleanEndIsNull() throws IOException {
        Frame out = new Frame(FrameType.STDOUT, 0x01020304, "hello\n".getBytes(StandardCharsets.UTF_8));
        Frame exit = Frame.of(FrameType.EXIT, 3, Fields.of("code", "137", "signal", "9", "oom", "1"));
        byte[] a = FrameCodec.encode(out);
        byte[] b = FrameCodec.encode(exit);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        assertEquals(out, FrameCodec.read(in));
        Frame read = FrameCodec.read(in);
        assertEquals(exit, read);
        ExitStatus status = ExitStatus.of(read.fields());
        assertEquals(new ExitStatus(137, 9, true, null), status);
        assertNull(FrameCodec.read(in));
    }

    @Test
    void repeatedKeysKeepTheirOrder() {
        Fields fields = Fields.decode(Fields.of("arg", "sh", "arg", "-c", "env", "A=1", "arg", "echo hi").encode());
        assertEquals(List.of("sh", "-c", "echo hi"), fields.all("arg"));
        assertEquals(List.of("A=1"), fields.all("env"));
        assertEquals("", Fields.decode("k\0\0".getBytes(StandardCharsets.UTF_8)).get("k").orElseThrow());
    }

    @Test
    void malformedInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fields.of("arg", "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> Fields.decode("key\0value".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> Fields.decode("key\0".getBytes()));
        IOException tooLong = assertThrows(IOException.class,
                () -> FrameCodec.read(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0, 1})));
        assertEquals("malformed frame: length 2130706432", tooLong.getMessage());
        assertThrows(IOException.class, () -> FrameCodec.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 5, 42,
            0, 0, 0, 1})));
        assertThrows(IOException.class, () -> FrameCodec.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 9, 3})));
        assertThrows(IllegalArgumentException.class, () -> new Frame(FrameType.DATA, 1,
                new byte[Frame.MAX_PAYLOAD + 1]));
    }
}
