package dev.orca.core.internal.shell;

import dev.orca.core.internal.pods.ContainerRecord;
import dev.orca.core.internal.pods.PodRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code orca:pods}: one line per pod, oldest first; DETAILS is what the pod's handler adds (a VM's QEMU pid,
 * accelerator, memory, vCPUs, boot time), empty while the handler is away.
 */
final class PodTable {

    private PodTable() {
    }

    static String of(List<PodRecord> pods, List<ContainerRecord> containers,
            Function<PodRecord, Map<String, String>> details) {
        if (pods.isEmpty()) {
            return "no pods";
        }
        Map<String, Long> counts = containers.stream()
                .collect(Collectors.groupingBy(ContainerRecord::podId, Collectors.counting()));
        Table table = new Table("POD ID", "NAMESPACE/NAME", "STATE", "HANDLER", "IPS", "CREATED", "CONTAINERS",
                "DETAILS");
        pods.stream().sorted(Comparator.comparing(PodRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(PodRecord::id)).forEach(pod -> table.row(
                        Cells.shortId(pod.id()),
                        pod.request().namespace() + "/" + pod.request().name(),
                        pod.phase().name(),
                        pod.handler(),
                        Cells.list(pod.ips()),
                        Cells.time(pod.createdAt()),
                        String.valueOf(counts.getOrDefault(pod.id(), 0L)),
                        details(details.apply(pod))));
        return table.toString();
    }

    private static String details(Map<String, String> details) {
        return details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
