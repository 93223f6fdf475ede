/**
 * The node's libseccomp, through JNA: {@link dev.orca.seccomp.bpf.Libseccomp} resolves syscall and architecture
 * names as runc resolves them, and {@link dev.orca.seccomp.bpf.BpfCompiler} turns an OCI spec's {@code linux.seccomp}
 * into the classic BPF program the kernel loads ({@code seccomp_export_bpf}), for a runtime that installs the filter
 * itself rather than through runc.
 */
@Export
@Version("1.0.0")
package dev.orca.seccomp.bpf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
