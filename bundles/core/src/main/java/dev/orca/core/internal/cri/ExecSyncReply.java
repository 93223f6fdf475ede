package dev.orca.core.internal.cri;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.spi.ExecResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * <p>The reply keeps the handler's chunks and is written to gRPC as {@code ExecSyncResponse}'s wire form by
 * {@link ExecSyncWire}, letting go of each chunk once gRPC has copied it into its transport buffers: a flood is held
 * about once, not once by the handler and once more by the transport.
 */
final class ExecSyncReply {

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

    private final Deque<ByteBuffer> stdout;
    private final Deque<ByteBuffer> stderr;
    private final int stdoutSize;
    private final int stderrSize;
    private final int exitCode;

    private ExecSyncReply(List<ByteBuffer> stdout, List<ByteBuffer> stderr, int exitCode) {
        this.stdout = new ArrayDeque<>(stdout);
        this.stderr = new ArrayDeque<>(stderr);
        this.stdoutSize = size(stdout);
        this.stderrSize = size(stderr);
        this.exitCode = exitCode;
    }

    /** The reply for {@code result} of an exec in {@code container}, within {@link #MESSAGE_LIMIT}. */
    static ExecSyncReply of(String container, ExecResult result) {
        List<ByteBuffer> out = result.stdoutChunks();
        List<ByteBuffer> err = result.stderrChunks();
        long total = (long) size(out) + size(err);
        if (total <= OUTPUT_BUDGET) {
            return new ExecSyncReply(out, err, result.exitCode());
        }
        LOG.warn("exec in container {}: the handler returned {} bytes of output, more than the {} it was given;"
                + " cut to fit one message", container, total, OUTPUT_BUDGET);
        byte[] marker = ExecResult.truncationMarker(OUTPUT_BUDGET);
        int room = OUTPUT_BUDGET - marker.length;
        int errKept = Math.min(size(err), room / 2);
        int outKept = Math.min(size(out), room - errKept);
        errKept = Math.min(size(err), room - outKept);
        List<ByteBuffer> cutErr = new ArrayList<>(first(err, errKept));
        cutErr.add(ByteBuffer.wrap(marker));
        return new ExecSyncReply(first(out, outKept), cutErr, result.exitCode() != 0 ? result.exitCode() : 1);
    }

    /** The reply as {@code ExecSyncResponse}'s wire form would be, in bytes. */
    int serializedSize() {
        return fieldSize(ExecSyncResponse.STDOUT_FIELD_NUMBER, stdoutSize)
                + fieldSize(ExecSyncResponse.STDERR_FIELD_NUMBER, stderrSize)
                + (exitCode == 0 ? 0 : CodedOutputStream.computeInt32Size(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER,
                        exitCode));
    }

    /** The reply as a protobuf message (wrapping the chunks, no copy), for callers that want one. */
    ExecSyncResponse toResponse() {
        return ExecSyncResponse.newBuilder().setStdout(wrap(stdout)).setStderr(wrap(stderr)).setExitCode(exitCode)
                .build();
    }

    /** A reply from a message (what a client parses). */
    static ExecSyncReply from(ExecSyncResponse response) {
        return new ExecSyncReply(response.getStdout().asReadOnlyByteBufferList(),
                response.getStderr().asReadOnlyByteBufferList(), response.getExitCode());
    }

    /**
     * Writes the reply as {@code ExecSyncResponse}'s wire form (fields in number order, empty ones left out, as
     * protobuf writes them), dropping each chunk once written; once only. Returns the bytes written.
     */
    synchronized int writeTo(OutputStream target) throws IOException {
        int written = 0;
        byte[] copy = new byte[64 * 1024];
        for (int field : new int[] {ExecSyncResponse.STDOUT_FIELD_NUMBER, ExecSyncResponse.STDERR_FIELD_NUMBER}) {
            boolean isStdout = field == ExecSyncResponse.STDOUT_FIELD_NUMBER;
            int size = isStdout ? stdoutSize : stderrSize;
            Deque<ByteBuffer> chunks = isStdout ? stdout : stderr;
            if (size > 0) {
                written += framing(target, header -> {
                    header.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    header.writeUInt32NoTag(size);
                });
            }
            for (ByteBuffer chunk; (chunk = chunks.poll()) != null; ) {
                written += write(chunk, copy, target);
            }
        }
        if (exitCode != 0) {
            written += framing(target, header -> header.writeInt32(ExecSyncResponse.EXIT_CODE_FIELD_NUMBER, exitCode));
        }
        return written;
    }

    /** Whether every chunk was written and let go. */
    synchronized boolean drained() {
        return stdout.isEmpty() && stderr.isEmpty();
    }

    private interface Framing {
        void write(CodedOutputStream header) throws IOException;
    }

    private static int framing(OutputStream target, Framing framing) throws IOException {
        byte[] bytes = new byte[16];
        CodedOutputStream header = CodedOutputStream.newInstance(bytes);
        framing.write(header);
        int n = header.getTotalBytesWritten();
        target.write(bytes, 0, n);
        return n;
    }

    private static int write(ByteBuffer chunk, byte[] copy, OutputStream target) throws IOException {
        ByteBuffer from = chunk.duplicate();
        int n = from.remaining();
        if (from.hasArray()) {
            target.write(from.array(), from.arrayOffset() + from.position(), n);
            return n;
        }
        while (from.hasRemaining()) {
            int piece = Math.min(copy.length, from.remaining());
            from.get(copy, 0, piece);
            target.write(copy, 0, piece);
        }
        return n;
    }

    private static int fieldSize(int field, int size) {
        return size == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size)
                + size;
    }

    /** The first {@code bytes} of {@code chunks}, as views. */
    private static List<ByteBuffer> first(List<ByteBuffer> chunks, int bytes) {
        List<ByteBuffer> kept = new ArrayList<>();
        int left = bytes;
        for (ByteBuffer chunk : chunks) {
            if (left <= 0) {
                break;
            }
            ByteBuffer view = chunk.duplicate();
            if (view.remaining() > left) {
                view.limit(view.position() + left);
            }
            kept.add(view);
            left -= view.remaining();
        }
        return kept;
    }

    private static ByteString wrap(Deque<ByteBuffer> chunks) {
        return ByteString.copyFrom(chunks.stream().map(UnsafeByteOperations::unsafeWrap).toList());
    }

    private static int size(java.util.Collection<ByteBuffer> chunks) {
        return Math.toIntExact(chunks.stream().mapToLong(ByteBuffer::remaining).sum());
    }
}
