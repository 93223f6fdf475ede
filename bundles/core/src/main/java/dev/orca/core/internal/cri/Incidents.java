package dev.orca.core.internal.cri;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unexpected failures of CRI calls, as the client and the operator hear of them: the client gets INTERNAL naming the
 * call and an incident ID, never the exception's text (it tells the user nothing and an attacker something); the
 * daemon log gets the same ID with the stack trace, so the two can be matched.
 */
public final class Incidents {

    /** The CRI call being served, such as {@code CreateContainer}; the endpoint sets it for each call. */
    public static final Context.Key<String> CALL = Context.key("orca.cri.call");

    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    private Incidents() {
    }

    /** Logs the failure under a new incident ID and returns the status the client gets. */
    static StatusRuntimeException report(Throwable failure) {
        String call = callName();
        String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        LOG.error("{} failed unexpectedly (incident {})", call, id, failure);
        return Status.INTERNAL.withDescription(call + " failed unexpectedly (incident " + id + "); see the daemon log")
                .asRuntimeException();
    }

    private static String callName() {
        String call = CALL.get();
        return call == null || call.isBlank() ? "the CRI call" : call;
    }
}
