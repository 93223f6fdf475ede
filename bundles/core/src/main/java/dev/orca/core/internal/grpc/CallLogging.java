package dev.orca.core.internal.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every CRI call's outcome: failures at INFO with their cause, successes at DEBUG with their duration. */
final class CallLogging implements CallEnds.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CallLogging.class);

    @Override
    public void ended(MethodDescriptor<?, ?> method, Status status, long nanos) {
        long micros = nanos / 1000;
        if (status.isOk()) {
            LOG.debug("{} ok in {}µs", method.getFullMethodName(), micros);
        } else {
            LOG.info("{} {}: {} ({}µs)", method.getFullMethodName(), status.getCode(), status.getDescription(),
                    micros);
        }
    }
}
