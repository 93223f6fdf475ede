package dev.orca.runtime.vm.internal;

import dev.orca.seccomp.bpf.BpfCompiler;
import dev.orca.seccomp.bpf.Libseccomp;
import dev.orca.spi.oci.OciSeccomp;

/**
 * A container's {@code linux.seccomp} as the agent's {@code seccomp_bpf} field: compiled on the host with the node's
 * libseccomp (the guest has none), loaded when a container first asks for a filter, so that a node without it only
 * refuses those containers, never runs them unconfined.
 */
final class GuestSeccomp {

    private BpfCompiler compiler;

    /**
     * @return the BPF program as lowercase hex
     * @throws IllegalArgumentException naming what the settings hold that cannot be a filter, or that libseccomp is
     *     missing
     */
    String bpfHex(OciSeccomp seccomp) {
        return compiler().compile(seccomp).hex();
    }

    private synchronized BpfCompiler compiler() {
        if (compiler == null) {
            try {
                compiler = new BpfCompiler(Libseccomp.load());
            } catch (IllegalStateException | UnsatisfiedLinkError e) {
                throw new IllegalArgumentException("seccomp: " + e.getMessage(), e);
            }
        }
        return compiler;
    }
}
