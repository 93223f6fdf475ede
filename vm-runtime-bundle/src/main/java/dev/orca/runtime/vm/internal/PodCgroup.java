package dev.orca.runtime.vm.internal;

import dev.orca.isolation.cgroups.Cgroup;
import java.io.IOException;

/**
 * The host cgroup a pod's QEMU runs in, so that the kubelet's pod cgroup accounts for the VM: a child of the pod's
 * cgroup parent (as Kata's sandbox cgroup is; on cgroup v2 a pod cgroup with controllers for its children may hold
 * no process itself), or of {@code /orca/pod-ID} when the kubelet gave none.
 *
 * @param path the cgroup QEMU goes into
 * @param own the parent Orca made (and removes with the sandbox), or null when the kubelet's
 */
record PodCgroup(String path, String own) {

    static PodCgroup of(String sandboxId, String cgroupParent) {
        String vm = "orca-vm-" + sandboxId.substring(0, Math.min(12, sandboxId.length()));
        if (cgroupParent == null || cgroupParent.isEmpty()) {
            String parent = "/orca/pod-" + sandboxId;
            return new PodCgroup(parent + "/" + vm, parent);
        }
        return new PodCgroup(cgroupParent.replaceAll("/+$", "") + "/" + vm, null);
    }

    /** Makes the cgroup (and missing ancestors) and moves {@code pid} into it, in every hierarchy. */
    void place(long pid) throws IOException {
        Cgroup cgroup = Cgroup.onHost(path);
        cgroup.create();
        cgroup.addProcess(pid);
    }

    /** Writes new limits to the cgroup QEMU runs in (UpdatePodSandboxResources). */
    void apply(dev.orca.spi.oci.OciResources resources) throws IOException {
        Cgroup.onHost(path).apply(resources);
    }

    /** Kills what is left in it and removes it, and the parent when Orca made that; nothing for what is gone. */
    void remove() throws IOException {
        Cgroup cgroup = Cgroup.onHost(own != null ? own : path);
        if (cgroup.exists()) {
            cgroup.killAll();
            cgroup.remove();
        }
    }
}
