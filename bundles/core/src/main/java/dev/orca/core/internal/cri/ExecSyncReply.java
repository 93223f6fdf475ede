package dev.orca.core.internal.cri;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.spi.ExecResult;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ExecSync reply the kubelet and crictl can receive: their gRPC clients refuse any message over 16 MiB, so a
 * reply of 16 MiB of stdout plus a marker told the caller nothing but "received message larger than max". The
 * handler is given {@link #OUTPUT_BUDGET} for stdout and stderr together (its marker included), which leaves room
 * for the fields' tags and lengths; a result past it (a handler that ignores the budget) is cut here, with the
 * marker. The handler's chunks are wrapped, not copied: a flood is held once on the heap.
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

    private ExecSyncReply() {
    }

    /** The reply for {@code result} of an exec in {@code container}, within {@link #MESSAGE_LIMIT}. */
    static ExecSyncResponse of(String container, ExecResult result) {
        ByteString stdout = wrap(result.stdoutChunks());
        ByteString stderr = wrap(result.stderrChunks());
        int exitCode = result.exitCode();
        if ((long) stdout.size() + stderr.size() > OUTPUT_BUDGET) {
            LOG.warn("exec in container {}: the handler returned {} bytes of output, more than the {} it was given;"
                    + " cut to fit one message", container, (long) stdout.size() + stderr.size(), OUTPUT_BUDGET);
            byte[] marker = ExecResult.truncationMarker(OUTPUT_BUDGET);
            int room = OUTPUT_BUDGET - marker.length;
            int errKept = Math.min(stderr.size(), room / 2);
            int outKept = Math.min(stdout.size(), room - errKept);
            errKept = Math.min(stderr.size(), room - outKept);
            stdout = stdout.substring(0, outKept);
            stderr = stderr.substring(0, errKept).concat(ByteString.copyFrom(marker));
            exitCode = exitCode != 0 ? exitCode : 1;
        }
        return ExecSyncResponse.newBuilder().setStdout(stdout).setStderr(stderr).setExitCode(exitCode).build();
    }

    private static ByteString wrap(List<ByteBuffer> chunks) {
        return ByteString.copyFrom(chunks.stream().map(UnsafeByteOperations::unsafeWrap).toList());
    }
}
