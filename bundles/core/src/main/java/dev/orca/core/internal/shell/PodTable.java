package dev.orca.core.internal.shell;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.PodRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code orca:pods}: one line per pod, oldest first. */
final class PodTable {

    private PodTable() {
    }

    static String of(List<PodRecord> pods, List<ContainerRecord> containers) {
        if (pods.isEmpty()) {
            return "no pods";
        }
        Map<String, Long> counts = containers.stream()
                .collect(Collectors.groupingBy(ContainerRecord::podId, Collectors.counting()));
        Table table = new Table("POD ID", "NAMESPACE/NAME", "STATE", "HANDLER", "IPS", "CREATED", "CONTAINERS");
        pods.stream().sorted(Comparator.comparing(PodRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(PodRecord::id)).forEach(pod -> table.row(
                        Cells.shortId(pod.id()),
                        pod.request().namespace() + "/" + pod.request().name(),
                        pod.phase().name(),
                        pod.handler(),
                        Cells.list(pod.ips()),
                        Cells.time(pod.createdAt()),
                        String.valueOf(counts.getOrDefault(pod.id(), 0L))));
        return table.toString();
    }
}
