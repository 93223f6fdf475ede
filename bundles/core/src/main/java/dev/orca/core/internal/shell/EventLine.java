package dev.orca.core.internal.shell;

import dev.orca.core.internal.events.ContainerEvent;
import dev.orca.core.internal.pods.ContainerRecord;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One container event as one line of {@code orca:events}: time, event, the container (or sandbox) with its name, its
 * pod, and the state recorded with it.
 */
final class EventLine {

    private EventLine() {
    }

    static String of(ContainerEvent event) {
        var pod = event.pod().request();
        String what;
        if (event.ofSandbox()) {
            what = "sandbox   " + Cells.shortId(event.id()) + " " + pod.namespace() + "/" + pod.name() + " "
                    + event.pod().phase();
        } else {
            ContainerRecord c = event.subject();
            what = "container " + Cells.shortId(event.id()) + " " + c.name() + " in " + pod.namespace() + "/"
                    + pod.name() + " " + state(c);
        }
        return DateTimeFormatter.ISO_INSTANT.format(event.at().truncatedTo(ChronoUnit.MILLIS)) + " "
                + String.format("%-8s", event.type()) + " " + what;
    }

    private static String state(ContainerRecord c) {
        if (c.lastState() == null) {
            return "UNKNOWN";
        }
        return c.lastState().phase() == dev.orca.spi.ContainerState.Phase.EXITED
                ? "EXITED(" + c.lastState().exitCode() + ")" : c.lastState().phase().name();
    }
}
