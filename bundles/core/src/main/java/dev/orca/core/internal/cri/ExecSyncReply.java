package dev.orca.core.internal.cri;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.spi.ExecResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ExecSync reply the kubelet and crictl can receive: their gRPC clients refuse any message over 16 MiB, so a
 * reply of 16 MiB of stdout plus a marker told the caller nothing but "received message larger than max". The
 * handler is given {@link #OUTPUT_BUDGET} for stdout and stderr together (its marker included), which leaves room
 * for the fields' tags and lengths; a result past it (a handler that ignores the budget) is cut here, with the
 * marker.
 *
 * <p>The reply is written to gRPC in {@code ExecSyncResponse}'s wire form by {@link ExecSyncWire}, going through the
 * handler's chunks one at a time: output the handler spilled to a file ({@link dev.orca.spi.ExecOutput}) is read a
 * chunk at a time into gRPC's transport buffers, never held whole on the heap. Closing the reply closes the
 * handler's result, which frees its files.
 */
final class ExecSyncReply implements AutoCloseable {

    /** The kubelet's and crictl's receive limit for one message (grpc-go's default and theirs). */
    static final int MESSAGE_LIMIT = 16 * 1024 * 1024;

    /** The most the fields' framing takes: stdout's and stderr's tag and length, the exit code's tag and value. */
    static final int FRAMING = 2 * (CodedOutputStream.computeTagSize(ExecSyncResponse.STDOUT_FIELD_NUMBER)
            + CodedOutputStream.computeUInt32SizeNoTag(MESSAGE_LIMIT))
            + CodedOutputStream.computeTagSize(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER)
            + CodedOutputStream.computeInt32SizeNoTag(Integer.MIN_VALUE);

    /** What stdout and stderr may hold together, the truncation marker included. */
    static final int OUTPUT_BUDGET = MESSAGE_LIMIT - FRAMING;

    private static final Logger LOG = LoggerFactory.getLogger(ExecSyncReply.class);

    private final ExecResult result;
    private final List<ByteBuffer> stdout;
    private final List<ByteBuffer> stderr;
    private final int stdoutSize;
    private final int stderrSize;
    private final int exitCode;

    private ExecSyncReply(ExecResult result, List<ByteBuffer> stdout, int stdoutSize, List<ByteBuffer> stderr,
            int stderrSize, int exitCode) {
        this.result = result;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdoutSize = stdoutSize;
        this.stderrSize = stderrSize;
        this.exitCode = exitCode;
    }

    /** The reply for {@code result} of an exec in {@code container}, within {@link #MESSAGE_LIMIT}; it owns it. */
    static ExecSyncReply of(String container, ExecResult result) {
        long total = result.outputBytes();
        if (total <= OUTPUT_BUDGET) {
            return new ExecSyncReply(result, result.stdoutChunks(), (int) result.stdoutBytes(),
                    result.stderrChunks(), (int) result.stderrBytes(), result.exitCode());
        }
        LOG.warn("exec in container {}: the handler returned {} bytes of output, more than the {} it was given;"
                + " cut to fit one message", container, total, OUTPUT_BUDGET);
        byte[] marker = ExecResult.truncationMarker(OUTPUT_BUDGET);
        int room = OUTPUT_BUDGET - marker.length;
        int errKept = (int) Math.min(result.stderrBytes(), room / 2);
        int outKept = (int) Math.min(result.stdoutBytes(), room - errKept);
        errKept = (int) Math.min(result.stderrBytes(), room - outKept);
        List<ByteBuffer> cutErr = new ArrayList<>(first(result.stderrChunks(), errKept));
        cutErr.add(ByteBuffer.wrap(marker));
        return new ExecSyncReply(result, first(result.stdoutChunks(), outKept), outKept, cutErr,
                errKept + marker.length, result.exitCode() != 0 ? result.exitCode() : 1);
    }

    /** The reply as {@code ExecSyncResponse}'s wire form has it, in bytes. */
    int serializedSize() {
        return fieldSize(ExecSyncResponse.STDOUT_FIELD_NUMBER, stdoutSize)
                + fieldSize(ExecSyncResponse.STDERR_FIELD_NUMBER, stderrSize)
                + (exitCode == 0 ? 0 : CodedOutputStream.computeInt32Size(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER,
                        exitCode));
    }

    /**
     * Writes the reply in {@code ExecSyncResponse}'s wire form (fields in number order, empty ones left out, as
     * protobuf writes them), a chunk at a time; returns the bytes written.
     */
    int writeTo(OutputStream target) throws IOException {
        int written = 0;
        written += writeField(target, ExecSyncResponse.STDOUT_FIELD_NUMBER, stdout, stdoutSize);
        written += writeField(target, ExecSyncResponse.STDERR_FIELD_NUMBER, stderr, stderrSize);
        if (exitCode != 0) {
            byte[] bytes = new byte[CodedOutputStream.computeInt32Size(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER,
                    exitCode)];
            CodedOutputStream header = CodedOutputStream.newInstance(bytes);
            header.writeInt32(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER, exitCode);
            target.write(bytes);
            written += bytes.length;
        }
        return written;
    }

    /** Closes the handler's result: what it spilled to files is freed. */
    @Override
    public void close() {
        result.close();
    }

    private static int writeField(OutputStream target, int field, List<ByteBuffer> chunks, int size)
            throws IOException {
        if (size == 0) {
            return 0;
        }
        byte[] header = new byte[CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(
                size)];
        CodedOutputStream framing = CodedOutputStream.newInstance(header);
        framing.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        framing.writeUInt32NoTag(size);
        target.write(header);
        byte[] copy = null;
        for (int i = 0; i < chunks.size(); i++) {
            ByteBuffer chunk = chunks.get(i).duplicate();
            if (chunk.hasArray()) {
                target.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                continue;
            }
            copy = copy == null ? new byte[64 * 1024] : copy;
            while (chunk.hasRemaining()) {
                int piece = Math.min(copy.length, chunk.remaining());
                chunk.get(copy, 0, piece);
                target.write(copy, 0, piece);
            }
        }
        return header.length + size;
    }

    private static int fieldSize(int field, int size) {
        return size == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size)
                + size;
    }

    /** The first {@code bytes} of {@code chunks}, as views. */
    private static List<ByteBuffer> first(List<ByteBuffer> chunks, int bytes) {
        List<ByteBuffer> kept = new ArrayList<>();
        int left = bytes;
        for (int i = 0; i < chunks.size() && left > 0; i++) {
            ByteBuffer view = chunks.get(i).duplicate();
            if (view.remaining() > left) {
                view.limit(view.position() + left);
            }
            kept.add(view);
            left -= view.remaining();
        }
        return kept;
    }

}
