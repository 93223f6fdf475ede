package dev.orca.core.internal.cri;

import dev.orca.core.internal.pods.PodRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code info} of a verbose {@code PodSandboxStatus} ({@code crictl inspectp}): one key, {@code info}, holding a
 * JSON object, as containerd gives it.
 *
 * <p>An Orca pod has no pause container, so no process and no image of its own: {@code pid} is that of a running
 * container of the pod (what {@code nsenter -t PID -n} needs to enter the pod's network), 0 while none runs, and
 * {@code image} is empty. The pod's namespaces are the pinned files under {@code namespaces} (which {@code nsenter
 * --net=FILE} takes), its cgroup is {@code cgroupParent}. What the handler adds ({@code
 * RuntimeHandler.sandboxDetails}: a VM's QEMU pid, memory, …) is under {@code runtimeDetails}.
 */
final class PodInfo {

    static final String KEY = "info";

    private PodInfo() {
    }

    /**
     * @param networkCheck what is known of a ready pod's network ({@link NetworkChecks#shown}), empty otherwise
     * @param details the handler's own details of the sandbox ({@code runtimeDetails}), empty for none
     */
    static Map<String, String> of(PodRecord pod, int pid, Map<String, String> networkCheck,
            Map<String, String> details) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", pid);
        info.put("image", "");
        info.put("runtimeHandler", pod.handler());
        info.put("namespaces", namespaces(pod));
        info.put("cgroupParent", pod.info() == null ? "" : pod.info().cgroupParent());
        info.put("hostname", pod.request().hostname());
        info.put("logDirectory", pod.request().logDirectory());
        info.put("ips", pod.ips());
        new java.util.TreeMap<>(networkCheck).forEach(info::put);
        if (!details.isEmpty()) {
            info.put("runtimeDetails", details);
        }
        return Map.of(KEY, VerboseInfo.json(info));
    }

    private static Map<String, String> namespaces(PodRecord pod) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        if (pod.info() != null) {
            pod.info().namespaces().forEach((type, file) -> namespaces.put(type, file.toString()));
        }
        return namespaces;
    }
}
