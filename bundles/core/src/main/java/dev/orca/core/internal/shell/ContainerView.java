package dev.orca.core.internal.shell;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.spi.ContainerState;

/**
 * A container as the shell shows it: its record and the state its handler reports now, or, when the handler cannot
 * answer (not deployed, failing), why not.
 *
 * @param live null when {@code unanswered} says why
 */
record ContainerView(ContainerRecord record, ContainerState live, String unanswered) {

    static ContainerView live(ContainerRecord record, ContainerState state) {
        return new ContainerView(record, state, null);
    }

    static ContainerView unanswered(ContainerRecord record, String why) {
        return new ContainerView(record, null, why);
    }

    /** {@code RUNNING}, {@code EXITED (137)}, or why the handler did not answer. */
    String stateText() {
        if (live == null) {
            return unanswered;
        }
        return live.phase() == ContainerState.Phase.EXITED ? "EXITED (" + live.exitCode() + ")" : live.phase().name();
    }
}
