package dev.orca.runtime.vm.internal;

import java.nio.file.Path;

/**
 * Where a pod's VM keeps its state, under {@code <run root>/pods/<first 16 characters of the sandbox id>/}: short, as
 * the agent socket's path must fit a unix socket address; the full id is in the record.
 */
record PodDirectory(Path dir) {

    /** sun_path holds 108 bytes with its NUL: QEMU and this handler both bind or connect by the path. */
    static final int MAX_SOCKET_PATH = 107;
    private static final int ID_LENGTH = 16;

    static PodDirectory of(Path runRoot, String sandboxId) {
        return new PodDirectory(runRoot.resolve("pods").resolve(sandboxId.length() > ID_LENGTH
                ? sandboxId.substring(0, ID_LENGTH) : sandboxId));
    }

    Path namespaces() {
        return dir.resolve("ns");
    }

    Path netns() {
        return namespaces().resolve("net");
    }

    Path agentSocket() {
        return dir.resolve("agent.sock");
    }

    Path pidFile() {
        return dir.resolve("qemu.pid");
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    /** Exported to the guest over virtio-9p, mounted there at {@link #GUEST_SHARED}. */
    Path shared() {
        return dir.resolve("shared");
    }

    Path record() {
        return dir.resolve("vm.json");
    }

    /** The pod's hosts, resolv.conf and hostname files, inside the shared directory. */
    Path podFiles() {
        return shared().resolve("pod");
    }

    Path container(String id) {
        return shared().resolve("c-" + id);
    }

    static final String GUEST_SHARED = "/run/orca/shared";

    /** The guest path of a host path inside {@link #shared()}. */
    String guestPath(Path host) {
        return GUEST_SHARED + "/" + shared().relativize(host);
    }
}
