package dev.orca.seccomp.internal;

import dev.orca.spi.oci.OciSeccomp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A checked profile, for one container on this node, as the OCI spec's {@code linux.seccomp}: only the rules whose
 * includes hold and whose excludes do not (for the container's capabilities, the node's architecture and kernel),
 * and the architectures of the node's {@code archMap} entry.
 */
final class ProfileCompiler {

    private final NodePlatform node;

    ProfileCompiler(NodePlatform node) {
        this.node = node;
    }

    OciSeccomp compile(SeccompProfile profile, Set<String> capabilities) {
        List<String> architectures = new ArrayList<>(profile.architectures());
        for (SeccompProfile.ArchMapping mapping : profile.archMap()) {
            if (mapping.architecture().equals(node.scmpArch())) {
                architectures.add(mapping.architecture());
                architectures.addAll(mapping.subArchitectures());
            }
        }
        List<OciSeccomp.Syscall> syscalls = new ArrayList<>();
        for (SeccompProfile.Rule rule : profile.syscalls()) {
            if (applies(rule, capabilities)) {
                List<OciSeccomp.Argument> args = rule.args().stream()
                        .map(a -> new OciSeccomp.Argument(a.index(), a.value().longValue(),
                                a.valueTwo().signum() == 0 ? null : a.valueTwo().longValue(), a.op()))
                        .toList();
                syscalls.add(new OciSeccomp.Syscall(List.copyOf(rule.names()), rule.action(), rule.errnoRet(),
                        args.isEmpty() ? null : args));
            }
        }
        return new OciSeccomp(profile.defaultAction(), profile.defaultErrnoRet(),
                architectures.isEmpty() ? null : List.copyOf(architectures), List.copyOf(syscalls));
    }

    private boolean applies(SeccompProfile.Rule rule, Set<String> capabilities) {
        SeccompProfile.Filter in = rule.includes();
        if (!in.arches().isEmpty() && in.arches().stream().noneMatch(node::is)) {
            return false;
        }
        if (!capabilities.containsAll(in.caps())) {
            return false;
        }
        if (in.minKernel() != null && !node.kernelAtLeast(in.minKernel())) {
            return false;
        }
        SeccompProfile.Filter out = rule.excludes();
        if (out.arches().stream().anyMatch(node::is)) {
            return false;
        }
        if (out.caps().stream().anyMatch(capabilities::contains)) {
            return false;
        }
        return out.minKernel() == null || !node.kernelAtLeast(out.minKernel());
    }
}
