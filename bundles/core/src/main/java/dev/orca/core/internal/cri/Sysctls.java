package dev.orca.core.internal.cri;

import dev.orca.core.internal.cri.CriFailure.Kind;
import java.util.List;
import java.util.Map;

/**
 * Which sysctls a pod may set: only those the kernel namespaces (IPC, network, UTS), as the kubelet defines them, and
 * only values that are one value. CRI-O accepts others and ignores them, and once accepted a value with a separator
 * that set a second, host-wide sysctl (CVE-2022-0811): Orca refuses both, naming the sysctl.
 */
final class Sysctls {

    private static final List<String> IPC = List.of("kernel.shm_rmid_forced", "kernel.msgmax", "kernel.msgmnb",
            "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni");

    private Sysctls() {
    }

    static void validate(Map<String, String> sysctls, boolean hostNetwork, boolean hostIpc) {
        for (Map.Entry<String, String> sysctl : sysctls.entrySet()) {
            String name = sysctl.getKey().replace('/', '.');
            String value = sysctl.getValue();
            boolean network = name.startsWith("net.");
            boolean ipc = IPC.contains(name) || name.startsWith("fs.mqueue.");
            if (!network && !ipc) {
                throw refused(name, "is not namespaced: it would change the whole node");
            }
            if (network && hostNetwork) {
                throw refused(name, "is a network sysctl, and the pod uses the node's network");
            }
            if (ipc && hostIpc) {
                throw refused(name, "is an IPC sysctl, and the pod uses the node's IPC namespace");
            }
            if (value.contains("+") || value.contains("=") || value.contains("\n") || value.contains(";")) {
                throw refused(name, "value '" + value + "' holds a separator (+ = ; or a newline)");
            }
        }
    }

    private static CriFailure refused(String name, String why) {
        return new CriFailure(Kind.INVALID, "sysctl \"" + name + "\" " + why);
    }
}
