package dev.orca.runtime.vm.internal.agent;

import java.time.Instant;

/**
 * How a process in the guest ended, from an EXIT frame or a {@code state} reply.
 *
 * @param code the exit code, 128 + signal when killed
 * @param finished in the guest's realtime clock
 */
public record ExitStatus(int code, int signal, boolean oom, Instant finished) {

    public static ExitStatus of(Fields fields) {
        return new ExitStatus((int) fields.number("code", -1), (int) fields.number("signal", 0),
                fields.number("oom", 0) == 1, nanos(fields.number("finished", 0)));
    }

    /** An instant from nanoseconds since the epoch; null for 0 ("not yet"). */
    public static Instant nanos(long nanos) {
        return nanos <= 0 ? null : Instant.ofEpochSecond(0, nanos);
    }
}
