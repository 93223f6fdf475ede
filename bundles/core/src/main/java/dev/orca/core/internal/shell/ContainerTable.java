package dev.orca.core.internal.shell;

import java.util.Comparator;
import java.util.List;

/** {@code orca:containers}: one line per container, by pod, oldest first, with the state its handler reports. */
final class ContainerTable {

    private ContainerTable() {
    }

    static String of(List<ContainerView> containers) {
        if (containers.isEmpty()) {
            return "no containers";
        }
        Table table = new Table("CONTAINER ID", "POD ID", "NAME", "ATTEMPT", "IMAGE", "STATE", "HANDLER");
        containers.stream().sorted(Comparator.comparing((ContainerView c) -> c.record().podId())
                .thenComparing(c -> c.record().createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(c -> c.record().id())).forEach(c -> table.row(
                        Cells.shortId(c.record().id()),
                        Cells.shortId(c.record().podId()),
                        c.record().name(),
                        String.valueOf(c.record().attempt()),
                        Cells.text(c.record().image()),
                        c.stateText(),
                        c.record().handler()));
        return table.toString();
    }
}
