package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.spi.ExecOutput;
import dev.orca.spi.ExecResult;
import io.grpc.Drainable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ExecSync reply, serialized whole, fits the kubelet's 16 MiB receive limit however much the command wrote. */
class ExecSyncReplyTest {

    private static final int MIB_16 = 16 * 1024 * 1024;

    @Test
    void theBudgetLeavesExactlyTheWorstFramingFree() {
        assertEquals(MIB_16, ExecSyncReply.MESSAGE_LIMIT);
        // stdout and stderr: a 1-byte tag and a 4-byte length each; the exit code: a 1-byte tag, 10 bytes if < 0
        assertEquals(2 * (1 + 4) + 1 + 10, ExecSyncReply.FRAMING);
        assertEquals(MIB_16 - 21, ExecSyncReply.OUTPUT_BUDGET);
    }

    @Test
    void aFloodOnBothStreamsWithANegativeExitCodeFillsTheMessageToTheByte() {
        ExecOutput output = new ExecOutput(ExecSyncReply.OUTPUT_BUDGET);
        ExecOutput.drain(flood('e', 3_000_000L), output.stderr());
        ExecOutput.drain(flood('o', 100_000_000L), output.stdout());
        ExecSyncResponse reply = sent(ExecSyncReply.of("c1", output.result(-1)));
        // the worst case for framing: both fields present with 4-byte lengths, a 10-byte exit code
        assertEquals(MIB_16, reply.getSerializedSize());
        assertEquals(MIB_16, reply.toByteArray().length);
        assertEquals(-1, reply.getExitCode());
        assertTrue(reply.getStderr().toStringUtf8().endsWith(marker()), "the marker says output was cut");
    }

    @Test
    void aFloodOnStdoutAloneFitsWithTheMarkerAndAFailingExitCode() {
        ExecOutput output = new ExecOutput(ExecSyncReply.OUTPUT_BUDGET);
        ExecOutput.drain(flood('y', 100_000_000L), output.stdout());
        ExecSyncResponse reply = sent(ExecSyncReply.of("c1", output.result(0)));
        assertTrue(reply.getSerializedSize() <= MIB_16, reply.getSerializedSize() + " bytes");
        assertEquals(ExecSyncReply.OUTPUT_BUDGET, reply.getStdout().size() + reply.getStderr().size());
        assertEquals(1, reply.getExitCode(), "a cut output is no success");
        assertEquals(marker(), reply.getStderr().toStringUtf8());
    }

    @Test
    void aHandlerThatIgnoresTheBudgetIsCutToFitWithTheMarker() {
        // what the handlers returned before: 16 MiB of stdout and the marker on stderr, a 16,777,302-byte message
        byte[] old = "\n[orca: exec output truncated: more than 16777216 bytes on stdout or stderr]\n".getBytes();
        ExecResult result = new ExecResult(1, chunks('y', MIB_16), List.of(ByteBuffer.wrap(old)), true);
        ExecSyncResponse reply = sent(ExecSyncReply.of("c1", result));
        assertTrue(reply.getSerializedSize() <= MIB_16, reply.getSerializedSize() + " bytes");
        assertEquals(1, reply.getExitCode());
        assertTrue(reply.getStderr().toStringUtf8().endsWith(marker()));
        assertTrue(reply.getStderr().toStringUtf8().startsWith(new String(old)), "the handler's stderr comes first");
    }

    @Test
    void aHandlerThatIgnoresTheBudgetWithASuccessIsCutToAFailure() {
        ExecResult result = new ExecResult(0, chunks('y', MIB_16), chunks('e', MIB_16), false);
        ExecSyncResponse reply = sent(ExecSyncReply.of("c1", result));
        assertTrue(reply.getSerializedSize() <= MIB_16, reply.getSerializedSize() + " bytes");
        assertEquals(1, reply.getExitCode());
        assertTrue(reply.getStderr().size() > 1_000_000, "stderr keeps its share");
    }

    @Test
    void aSmallOutputPassesUnchanged() {
        ExecSyncResponse reply = sent(ExecSyncReply.of("c1", new ExecResult(3, "out".getBytes(), "err".getBytes(), false)));
        assertEquals("out", reply.getStdout().toStringUtf8());
        assertEquals("err", reply.getStderr().toStringUtf8());
        assertEquals(3, reply.getExitCode());
    }

    @Test
    void aSpilledFloodIsSentAsTheSameBytesProtobufWritesAndItsFilesAreFreedWithTheReply(@TempDir Path spill)
            throws Exception {
        ExecOutput output = new ExecOutput(ExecSyncReply.OUTPUT_BUDGET, spill);
        ExecOutput.drain(flood('e', 3_000_000L), output.stderr());
        ExecOutput.drain(flood('o', 100_000_000L), output.stdout());
        ExecResult result = output.result(-1);
        byte[] wire;
        try (ExecSyncReply reply = ExecSyncReply.of("c1", result)) {
            InputStream stream = ExecSyncWire.METHOD.streamResponse(reply);
            assertEquals(MIB_16, stream.available(), "gRPC is told the length before it drains");
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            assertEquals(MIB_16, ((Drainable) stream).drainTo(sent));
            wire = sent.toByteArray();
        }
        ExecSyncResponse parsed = ExecSyncResponse.parseFrom(wire);
        assertEquals(ExecSyncResponse.newBuilder().setStdout(parsed.getStdout()).setStderr(parsed.getStderr())
                .setExitCode(-1).build().toByteString(), com.google.protobuf.ByteString.copyFrom(wire),
                "the bytes protobuf itself writes for that message");
        assertTrue(parsed.getStdout().toStringUtf8().chars().allMatch(c -> c == 'o'));
        assertTrue(parsed.getStderr().toStringUtf8().endsWith(marker()));
        assertThrows(UncheckedIOException.class, () -> result.stdoutChunks().get(result.stdoutChunks().size() - 1),
                "closing the reply freed the handler's spill files");
    }

    @Test
    void aReplyReadRatherThanDrainedGivesTheSameBytes() throws Exception {
        ExecSyncReply reply = ExecSyncReply.of("c1", new ExecResult(2, "out".getBytes(), "err".getBytes(), false));
        byte[] read = ExecSyncWire.METHOD.streamResponse(reply).readAllBytes();
        assertEquals(ExecSyncResponse.newBuilder().setStdout(com.google.protobuf.ByteString.copyFromUtf8("out"))
                .setStderr(com.google.protobuf.ByteString.copyFromUtf8("err")).setExitCode(2).build(),
                ExecSyncResponse.parseFrom(read));
    }

    @Test
    void anEmptyReplyIsAnEmptyMessage() throws Exception {
        ExecSyncReply reply = ExecSyncReply.of("c1", new ExecResult(0, new byte[0], new byte[0], false));
        assertEquals(0, ExecSyncWire.METHOD.streamResponse(reply).readAllBytes().length);
        assertEquals(ExecSyncResponse.getDefaultInstance(), sent(ExecSyncReply.of("c1", new ExecResult(0,
                new byte[0], new byte[0], false))));
    }

    /** The reply as the client receives it: drained through the method's marshaller, as gRPC sends it. */
    private static ExecSyncResponse sent(ExecSyncReply reply) {
        try (reply) {
            InputStream stream = ExecSyncWire.METHOD.streamResponse(reply);
            int length = stream.available();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            assertEquals(length, ((Drainable) stream).drainTo(wire), "the length gRPC was told");
            return ExecSyncResponse.parseFrom(wire.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String marker() {
        return new String(ExecResult.truncationMarker(ExecSyncReply.OUTPUT_BUDGET));
    }

    private static List<ByteBuffer> chunks(char value, int size) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int left = size; left > 0; left -= 1 << 20) {
            byte[] chunk = new byte[Math.min(left, 1 << 20)];
            Arrays.fill(chunk, (byte) value);
            chunks.add(ByteBuffer.wrap(chunk));
        }
        return chunks;
    }

    private static InputStream flood(char value, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                return left-- > 0 ? value : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, 65536), left);
                left -= n;
                Arrays.fill(b, off, off + n, (byte) value);
                return n;
            }
        };
    }
}
